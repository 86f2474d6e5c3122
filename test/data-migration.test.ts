/**
 * Issue 14's data migration brings a database seeded before the corrections to the state a fresh
 * install gets from seeds/: link kinds, countries, reporting, archived mentions, the background
 * paper's recoded records (old codes still resolve) and saved watches naming them.
 */
import { openDatabase, type Orm } from '../src/db/orm';
import { Migration20261129230100_issue14_data } from '../src/db/migrations/Migration20261129230100_issue14_data';
import { freshDatabase, startTestServer } from './support/server';

const STATE = {
  links: `select c.code as c, r.code as r, cr.kind, cr.evidence from commitment_recommendations cr
    join commitment c on c.id = cr.commitment_id join recommendation r on r.id = cr.recommendation_id order by c.code, r.code`,
  actors: `select a.code, a.country, a.description, p.code as parent from actor a left join actor p on p.id = a.parent_id order by a.code`,
  commitments: `select c.code, c.title, c.start_date, c.due_date, c.due_date_end, c.reporting_frequency, c.reported_on, a.code as actor
    from commitment c join actor a on a.id = c.actor_id order by c.code`,
  archived: `select code from progress_update where archived_at is not null order by code`,
  recommendations: `select r.code, s.code as source from recommendation r join source s on s.id = r.source_id order by r.code`,
  aliases: `select x.code, r.code as recommendation from recommendation_code_alias x join recommendation r on r.id = x.recommendation_id order by x.code`,
  sources: `select code, name, kind, description, documents, document, section from source order by code`,
};

async function snapshot(orm: Orm): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, sql] of Object.entries(STATE)) out[name] = await orm.em.getConnection().execute(sql);
  return out;
}

/** Commitments the seeds added after this migration was written: a database of 2026-11-24 had none of them. */
const ADDED_SINCE = ['COE-STRATEGY-2016-2021-VIOLENCE-PRIORITY', 'COE-PRIORITY-ERADICATING-VIOLENCE', 'IT-PRIORITY-ERADICATING-VIOLENCE']
  .map((code) => `'${code}'`)
  .join(', ');

/** Puts back what the database held before issue 14 (as the seeds of 2026-11-24 loaded it). */
const BEFORE_ISSUE_14 = [
  `update commitment_recommendations set kind = 'RESPONDS_TO', evidence = null
     where commitment_id not in (select id from commitment where code in (${ADDED_SINCE}))`,
  `update actor set country = 'IT', description = null where code = 'UNICEF-IRC'`,
  `update actor set country = 'PA', description = null where code = 'UNICEF-TACRO'`,
  `update commitment set reporting_frequency = 'ANNUAL' where code = 'COE-EUROPEAN-DAY-2019'`,
  `update commitment set reporting_frequency = 'NONE' where code = 'THE-CODE-TRAVEL-AND-TOURISM'`,
  `update commitment set start_date = '2016', due_date = '2021', due_date_end = '2021-12-31' where code = 'COE-LANZAROTE-IMPLEMENTATION-SUPPORT'`,
  `update commitment set reported_on = null`,
  `update progress_update set archived_at = null`,
  // The recoded analysis's aliases (the merged Strasbourg record's former code has a migration of its own).
  `delete from recommendation_code_alias where code like 'LANZAROTE-CONVENTION-TOOLS-%'`,
  `update recommendation set code = replace(code, 'BACKGROUND-PAPER-2012-TOOLS-', 'LANZAROTE-CONVENTION-TOOLS-'),
     source_id = (select id from source where code = 'LANZAROTE-CONVENTION') where code like 'BACKGROUND-PAPER-2012-TOOLS-%'`,
  `delete from source where code = 'BACKGROUND-PAPER-2012'`,
  `update actor set parent_id = null where code = 'IT-SAVE-THE-CHILDREN'`,
  `update commitment set actor_id = (select id from actor where code = 'IT') where code = 'IT-PEDOPHILIA-OBSERVATORY-CREATED'`,
  `insert into watch (created_at, updated_at, user_id, name, filter) values (0, 0, (select min(id) from app_user), 'tools',
     '{"recommendationCodes":["LANZAROTE-CONVENTION-TOOLS-05","ROME-2012-AFR-01"]}')`,
];

async function runDataMigration(orm: Orm): Promise<void> {
  const migration = new Migration20261129230100_issue14_data(orm.em.getDriver(), orm.config);
  await migration.up();
  for (const query of migration.getQueries()) await orm.em.getConnection().execute(query as string);
}

describe('the issue 14 data migration', () => {
  it('brings a database seeded before the corrections to the state fresh seeds give, and the old codes keep resolving', async () => {
    const databasePath = freshDatabase(true);
    const orm = await openDatabase({ databasePath });
    let fresh: Record<string, unknown>;
    try {
      fresh = await snapshot(orm);
      for (const sql of BEFORE_ISSUE_14) await orm.em.getConnection().execute(sql);
      const old = await snapshot(orm);
      expect(old).not.toEqual(fresh);
      await runDataMigration(orm);
      // The source's description and the corrected commitments' titles, as the seeds hold them today.
      expect(await snapshot(orm)).toEqual(fresh);
      const [watch] = await orm.em.getConnection().execute(`select filter from watch where name = 'tools'`);
      expect(JSON.parse(watch.filter)).toEqual({ recommendationCodes: ['BACKGROUND-PAPER-2012-TOOLS-05', 'ROME-2012-AFR-01'] });
      // Running it again changes nothing.
      await runDataMigration(orm);
      expect(await snapshot(orm)).toEqual(fresh);
    } finally {
      await orm.close(true);
    }

    const t = await startTestServer({ databasePath });
    try {
      const res = await t.gql(`{ old: recommendation(code: "LANZAROTE-CONVENTION-TOOLS-05") { code source { code } }
        lanzarote: recommendations(filter: { sourceCodes: ["LANZAROTE-CONVENTION"] }) { totalCount }
        un: commitments(filter: { countryCodes: ["IT"], actorIds: [] }) { edges { node { actor { code } } } } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data.old).toEqual({ code: 'BACKGROUND-PAPER-2012-TOOLS-05', source: { code: 'BACKGROUND-PAPER-2012' } });
      // 31 articles from the background paper and 15 requirements as the Rome and Strasbourg reports state them.
      expect(res.data.lanzarote.totalCount).toBe(46);
      expect(res.data.un.edges.map((e: any) => e.node.actor.code)).not.toContain('UNICEF-IRC');
    } finally {
      await t.stop();
    }
  });
});
