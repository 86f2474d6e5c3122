import { Migration } from '@mikro-orm/migrations';

/**
 * Bucket counts for commitmentStats without a filter but on statuses (src/queries/counts.ts):
 * commitments per status and value, or pair of values, of what the dimensions read. Derived from
 * the counts' groups, so `stats_member` is emptied and the counts are rebuilt when the database is
 * migrated (src/db/orm.ts: countsMissing).
 */
export class Migration20261201110100_stats_buckets extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `stats_bucket` (`kind` text not null, `status` text not null, `archived` integer not null, `v0` text not null, `v1` text not null, `n` integer not null, primary key (`kind`, `status`, `archived`, `v0`, `v1`));',
    );
    this.addSql('delete from `stats_member`;');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `stats_bucket`;');
  }
}
