import { Migration } from '@mikro-orm/migrations';

/** Maintained counts for the dashboard aggregates (as the SQLite Migration20261130160000_counts). */
export class Migration20261130160000_counts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "stats_group" ("id" serial primary key, "projection" text collate "C" not null, "group_key" text collate "C" not null, "status" text collate "C" not null, "archived" int not null, "actor_id" int null, "due_year" text collate "C" null, "n" int not null default 0);`,
    );
    this.addSql(`create unique index "stats_group_key_unique" on "stats_group" ("group_key");`);
    this.addSql(`create index "stats_group_projection_index" on "stats_group" ("projection", "n");`);
    this.addSql(
      `create table "stats_group_link" ("group_id" int not null, "source_id" int null, "level" text collate "C" null, "theme" text null);`,
    );
    this.addSql(`create index "stats_group_link_group_id_index" on "stats_group_link" ("group_id");`);
    this.addSql(`create table "stats_group_partner" ("group_id" int not null, "actor_id" int not null);`);
    this.addSql(`create index "stats_group_partner_group_id_index" on "stats_group_partner" ("group_id");`);
    this.addSql(
      `create table "stats_interval" ("group_id" int not null, "status" text collate "C" not null, "m0" int not null, "m1" int not null, "n" int not null, primary key ("group_id", "status", "m0", "m1"));`,
    );
    this.addSql(
      `create table "stats_member" ("commitment_id" int not null primary key, "group_ids" text not null, "intervals" text not null);`,
    );
  }

  override async down(): Promise<void> {
    for (const table of ['stats_member', 'stats_interval', 'stats_group_partner', 'stats_group_link', 'stats_group'])
      this.addSql(`drop table if exists "${table}";`);
  }
}
