import { Migration } from '@mikro-orm/migrations';
import { mergeStatements, rewriteFilters } from './data/issue14-merge-prot';

/**
 * Issue 14: STRASBOURG-2019-PROT-02 merged into STRASBOURG-2019-PROT-01, one sentence kept whole
 * (./data/issue14-merge-prot.ts); the old code keeps resolving, and what named it moves.
 */
export class Migration20261130150200_issue14_merge_prot extends Migration {
  override async up(): Promise<void> {
    for (const statement of mergeStatements("cast(strftime('%s', 'now') as integer) * 1000")) this.addSql(statement);
    await rewriteFilters(this);
  }

  override async down(): Promise<void> {
    throw new Error('Issue 14 data corrections are not reversible');
  }
}
