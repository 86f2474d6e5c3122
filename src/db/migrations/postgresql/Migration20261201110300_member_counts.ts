import { Migration } from '@mikro-orm/migrations';

/** Rebuilds the counts with the lead-or-partner actor (as the SQLite Migration20261201110300_member_counts). */
export class Migration20261201110300_member_counts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`delete from "stats_member";`);
  }
}
