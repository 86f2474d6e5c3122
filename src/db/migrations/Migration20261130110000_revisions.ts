import { Migration } from '@mikro-orm/migrations';

/**
 * The edit history (src/services/revisions.ts): one append-only `revision` row per write to a
 * record, with the changed fields as JSON; and `assessment.withdrawn_at` (an assessment its author
 * withdrew). Records written before this migration have no revisions: their history starts here.
 */
export class Migration20261130110000_revisions extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "create table `revision` (`id` integer not null primary key autoincrement, `record_type` text not null, `record_id` integer not null, `kind` text check (`kind` in ('CREATED', 'UPDATED', 'ARCHIVED', 'RESTORED', 'WITHDRAWN')) not null, `at` datetime not null, `by_id` integer not null, `changes` json not null, `reason` text null, constraint `revision_by_id_foreign` foreign key(`by_id`) references `app_user`(`id`) on update cascade);",
    );
    this.addSql('create index `revision_by_id_index` on `revision` (`by_id`);');
    this.addSql('create index `revision_record_type_record_id_id_index` on `revision` (`record_type`, `record_id`, `id`);');
    this.addSql('alter table `assessment` add column `withdrawn_at` datetime null;');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `revision`;');
    this.addSql('alter table `assessment` drop column `withdrawn_at`;');
  }
}
