import { Migration } from '@mikro-orm/migrations';
import { issue14PartnerStatements } from '../data/issue14-partners';

/**
 * Issue 14's partners for a database seeded before them (a fresh one gets them from seeds/; on it
 * these statements change nothing): the implementing, funding and monitoring partners the
 * documents name (../data/issue14-partners.ts).
 */
export class Migration20261130150100_issue14_partners extends Migration {
  override async up(): Promise<void> {
    for (const statement of issue14PartnerStatements()) this.addSql(statement);
  }

  override async down(): Promise<void> {
    throw new Error('Issue 14 data corrections are not reversible');
  }
}
