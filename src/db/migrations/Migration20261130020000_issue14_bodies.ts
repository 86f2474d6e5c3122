import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14, second part, for databases seeded before it (a fresh database gets the same from
 * seeds/; there these statements change nothing). Only corrections to existing records are here:
 * the records this part adds (responsibilities, links between recommendations, the Rio Congress's
 * objectives, the Council of Europe Strategy's priority) are added by `npm run seed`, which
 * upserts by code.
 * - one body, one actor: the committee coordinating ministries' work on the fight of pedophilia
 *   carries its own establishment (the actor existed, unused, while the commitment was the
 *   Department's);
 * - a period the text states: the Public Notice 1/2011 projects "will begin their work in
 *   November 2012 for a time period of 18 months", so the commitment is due 2014-05.
 * Changed commitments get a new version, so a client holding the old one gets CONFLICT.
 */
const now = "cast(strftime('%s', 'now') as integer) * 1000";
const actor = (code: string) => `(select id from actor where code = '${code}')`;

export class Migration20261130020000_issue14_bodies extends Migration {
  override async up(): Promise<void> {
    const bump = `version = version + 1, updated_at = ${now}`;
    this.addSql(
      `update commitment set actor_id = ${actor('IT-PEDOPHILIA-COORDINATION-COMMITTEE')}, ${bump}
       where code = 'IT-DEO-PEDOPHILIA-COORDINATION-COMMITTEE' and actor_id = ${actor('IT-DEO')}
         and exists (select 1 from actor where code = 'IT-PEDOPHILIA-COORDINATION-COMMITTEE')`,
    );
    this.addSql(
      `update commitment set due_date = '2014-05', due_date_end = '2014-05-31', ${bump}
       where code = 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011' and due_date is null`,
    );
  }

  override async down(): Promise<void> {
    throw new Error('Issue 14 data corrections are not reversible');
  }
}
