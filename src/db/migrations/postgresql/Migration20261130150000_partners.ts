import { Migration } from '@mikro-orm/migrations';

/** A commitment's partners (as the SQLite Migration20261130150000_partners). */
export class Migration20261130150000_partners extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "commitment_partner" ("commitment_id" int not null, "actor_id" int not null, "role" text collate "C" check ("role" in ('IMPLEMENTING', 'FUNDING', 'MONITORING')) not null, "evidence" text collate "C" null, "document" text collate "C" null, "section" text collate "C" null, constraint "commitment_partner_pkey" primary key ("commitment_id", "actor_id"));`,
    );
    this.addSql(`create index "commitment_partner_actor_id_index" on "commitment_partner" ("actor_id");`);
    this.addSql(
      `alter table "commitment_partner" add constraint "commitment_partner_commitment_id_foreign" foreign key ("commitment_id") references "commitment" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "commitment_partner" add constraint "commitment_partner_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "commitment_partner" cascade;`);
  }
}
