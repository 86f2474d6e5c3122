import { Migration } from '@mikro-orm/migrations';

/**
 * Maintained counts for recommendationCoverage (src/queries/counts.ts): per recommendation, the
 * live commitments linked to it by lead actor and partner, and those answering it by what the
 * roll-up status and onlyStalledOrOverdue read (open ones by due date); each commitment's share
 * is kept with its other counts in `stats_member`. Its rows are emptied, so the counts are rebuilt
 * from the commitments when the database is migrated (src/db/orm.ts: countsMissing).
 */
export class Migration20261201110000_coverage_counts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "create table `stats_coverage` (`recommendation_id` integer not null, `measure` text not null, `actor_id` integer not null default 0, `due` text not null default '', `n` integer not null, primary key (`recommendation_id`, `measure`, `actor_id`, `due`));",
    );
    this.addSql('create index `stats_coverage_actor_index` on `stats_coverage` (`measure`, `actor_id`, `recommendation_id`);');
    this.addSql("alter table `stats_member` add column `coverage` text not null default '[]';");
    this.addSql('delete from `stats_member`;');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `stats_coverage`;');
    this.addSql('alter table `stats_member` drop column `coverage`;');
  }
}
