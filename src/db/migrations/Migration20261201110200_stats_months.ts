import { Migration } from '@mikro-orm/migrations';

/**
 * Monthly status changes for statusTimeline (src/queries/counts.ts: stats_month), per country's
 * actor, source or theme. Derived from the counts' groups and intervals, so `stats_member` is
 * emptied and the counts are rebuilt when the database is migrated (src/db/orm.ts: countsMissing).
 */
export class Migration20261201110200_stats_months extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `stats_month` (`kind` text not null, `v` text not null, `archived` integer not null, `current` text not null, `status` text not null, `month` integer not null, `n` integer not null, primary key (`kind`, `v`, `archived`, `current`, `status`, `month`));',
    );
    this.addSql('delete from `stats_member`;');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `stats_month`;');
  }
}
