import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14: a commitment's partners (CommitmentPartner): actors taking part, with a role, in a
 * commitment another actor leads, with the passage that names them.
 */
export class Migration20261130150000_partners extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "create table `commitment_partner` (`commitment_id` integer not null, `actor_id` integer not null, `role` text check (`role` in ('IMPLEMENTING', 'FUNDING', 'MONITORING')) not null, `evidence` text null, `document` text null, `section` text null, constraint `commitment_partner_commitment_id_foreign` foreign key(`commitment_id`) references `commitment`(`id`) on delete cascade on update cascade, constraint `commitment_partner_actor_id_foreign` foreign key(`actor_id`) references `actor`(`id`) on update cascade, primary key (`commitment_id`, `actor_id`));",
    );
    this.addSql('create index `commitment_partner_actor_id_index` on `commitment_partner` (`actor_id`);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `commitment_partner`;');
  }
}
