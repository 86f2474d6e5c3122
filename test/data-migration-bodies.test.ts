/**
 * Issue 14's second data migration corrects a database seeded before it to what fresh seeds give:
 * the coordination committee carries its own commitment (one body, one actor) and the Public
 * Notice 1/2011 commitment is due when its stated 18 months end.
 */
import { openDatabase, type Orm } from '../src/db/orm';
import { Migration20261130020000_issue14_bodies } from '../src/db/migrations/Migration20261130020000_issue14_bodies';
import { freshDatabase } from './support/server';

const COMMITMENTS = `select c.code, c.due_date, c.due_date_end, a.code as actor from commitment c join actor a on a.id = c.actor_id
  where c.code in ('IT-DEO-PEDOPHILIA-COORDINATION-COMMITTEE', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011') order by c.code`;
const VERSIONS = `select code, version from commitment where code in ('IT-DEO-PEDOPHILIA-COORDINATION-COMMITTEE', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011') order by code`;

async function run(orm: Orm): Promise<void> {
  const migration = new Migration20261130020000_issue14_bodies(orm.em.getDriver(), orm.config);
  await migration.up();
  for (const query of migration.getQueries()) await orm.em.getConnection().execute(query as string);
}

describe('the issue 14 bodies-and-periods data migration', () => {
  it('gives an old database the committee as actor and the stated period, once', async () => {
    const orm = await openDatabase({ databasePath: freshDatabase(true) });
    try {
      const conn = orm.em.getConnection();
      const fresh = await conn.execute(COMMITMENTS);
      expect(fresh).toEqual([
        { code: 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011', due_date: '2014-05', due_date_end: '2014-05-31', actor: 'IT-DEO' },
        {
          code: 'IT-DEO-PEDOPHILIA-COORDINATION-COMMITTEE',
          due_date: null,
          due_date_end: null,
          actor: 'IT-PEDOPHILIA-COORDINATION-COMMITTEE',
        },
      ]);
      // As the seeds before this migration loaded them.
      await conn.execute(
        `update commitment set actor_id = (select id from actor where code = 'IT-DEO') where code = 'IT-DEO-PEDOPHILIA-COORDINATION-COMMITTEE'`,
      );
      await conn.execute(`update commitment set due_date = null, due_date_end = null where code = 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011'`);
      const before = await conn.execute(VERSIONS);
      await run(orm);
      expect(await conn.execute(COMMITMENTS)).toEqual(fresh);
      const after = await conn.execute(VERSIONS);
      expect(after.map((r: any) => r.version)).toEqual(before.map((r: any) => r.version + 1));
      await run(orm);
      expect(await conn.execute(VERSIONS)).toEqual(after);
    } finally {
      await orm.close(true);
    }
  });
});
