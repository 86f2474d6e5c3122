import { Migration } from '@mikro-orm/migrations';

/** Monthly status changes for statusTimeline (as the SQLite Migration20261201110200_stats_months). */
export class Migration20261201110200_stats_months extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "stats_month" ("kind" text collate "C" not null, "v" text collate "C" not null, "archived" int not null, "current" text collate "C" not null, "status" text collate "C" not null, "month" int not null, "n" int not null, primary key ("kind", "v", "archived", "current", "status", "month"));`,
    );
    this.addSql(`delete from "stats_member";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "stats_month";`);
  }
}
