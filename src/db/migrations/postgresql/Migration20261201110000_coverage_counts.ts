import { Migration } from '@mikro-orm/migrations';

/** Maintained counts for recommendationCoverage (as the SQLite Migration20261201110000_coverage_counts). */
export class Migration20261201110000_coverage_counts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "stats_coverage" ("recommendation_id" int not null, "measure" text collate "C" not null, "actor_id" int not null default 0, "due" text collate "C" not null default '', "n" int not null, primary key ("recommendation_id", "measure", "actor_id", "due"));`,
    );
    this.addSql(`create index "stats_coverage_actor_index" on "stats_coverage" ("measure", "actor_id", "recommendation_id");`);
    this.addSql(`alter table "stats_member" add column "coverage" text not null default '[]';`);
    this.addSql(`delete from "stats_member";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "stats_coverage";`);
    this.addSql(`alter table "stats_member" drop column "coverage";`);
  }
}
