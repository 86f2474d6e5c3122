import { Migration } from '@mikro-orm/migrations';

/**
 * The bucket counts and monthly changes gain the lead-or-partner actor (src/queries/counts.ts:
 * `member`), for the actor filter: `stats_member` is emptied, so the counts are rebuilt from the
 * commitments when the database is migrated (src/db/orm.ts: countsMissing).
 */
export class Migration20261201110300_member_counts extends Migration {
  override async up(): Promise<void> {
    this.addSql('delete from `stats_member`;');
  }
}
