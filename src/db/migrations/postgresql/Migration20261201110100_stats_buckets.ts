import { Migration } from '@mikro-orm/migrations';

/** Bucket counts for commitmentStats (as the SQLite Migration20261201110100_stats_buckets). */
export class Migration20261201110100_stats_buckets extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "stats_bucket" ("kind" text collate "C" not null, "status" text collate "C" not null, "archived" int not null, "v0" text collate "C" not null, "v1" text collate "C" not null, "n" int not null, primary key ("kind", "status", "archived", "v0", "v1"));`,
    );
    this.addSql(`delete from "stats_member";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "stats_bucket";`);
  }
}
