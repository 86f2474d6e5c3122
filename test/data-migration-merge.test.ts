/**
 * Issue 14: STRASBOURG-2019-PROT-01 and -02 split one sentence and dropped the "and" that joined
 * them. Fresh seeds hold the sentence whole in PROT-01 and PROT-02 resolves to it; the data
 * migration does the same to a database seeded before (links, links between recommendations, code
 * aliases, saved watches and webhooks naming the old code move), once, on SQLite and PostgreSQL.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { openDatabase, type Orm } from '../src/db/orm';
import { Migration20261130150200_issue14_merge_prot as SqliteMigration } from '../src/db/migrations/Migration20261130150200_issue14_merge_prot';
import { Migration20261130150200_issue14_merge_prot as PostgresMigration } from '../src/db/migrations/postgresql/Migration20261130150200_issue14_merge_prot';
import { Recommendation, RecommendationCodeAlias, RecommendationLink, Watch, Webhook } from '../src/entities';
import { CommitmentLinkKind, RecommendationRelation } from '../src/domain/enums';
import { Topic } from '../src/pubsub/events';
import { systemUser } from '../src/seeds/load';
import { freshDatabase, startTestServer } from './support/server';
import { databaseOptions, onPostgres } from './support/database';

const WHOLE =
  "Action should be taken to strengthen safeguards and ensure the confidentiality of a victim's identity and to ensure children can report abuse even in the absence of parents or legal guardians;";

async function run(orm: Orm): Promise<void> {
  const Migration = onPostgres ? PostgresMigration : SqliteMigration;
  const migration = new Migration(orm.em.getDriver(), orm.config);
  await migration.up();
  for (const query of migration.getQueries()) await orm.em.getConnection().execute(query as string);
}

/** What the merge is about, as plain data. */
async function state(orm: Orm) {
  const conn = orm.em.getConnection();
  return {
    recommendations: await conn.execute(
      `select code, title, text from recommendation where code like 'STRASBOURG-2019-PROT-%' order by code`,
    ),
    links: await conn.execute(`select c.code as commitment, r.code as recommendation, cr.kind from commitment_recommendations cr
      join commitment c on c.id = cr.commitment_id join recommendation r on r.id = cr.recommendation_id
      where r.code like 'STRASBOURG-2019-PROT-%' order by c.code, r.code`),
    related: await conn.execute(`select f.code as from_code, t.code as to_code, l.relation from recommendation_link l
      join recommendation f on f.id = l.from_id join recommendation t on t.id = l.to_id
      where f.code like 'STRASBOURG-2019-PROT-%' or t.code like 'STRASBOURG-2019-PROT-%' order by f.code, t.code`),
    aliases: await conn.execute(`select a.code, r.code as recommendation from recommendation_code_alias a
      join recommendation r on r.id = a.recommendation_id where a.code like 'STRASBOURG-%'`),
  };
}

describe('the merge of STRASBOURG-2019-PROT-01 and -02', () => {
  it('keeps the sentence whole in fresh seeds, and the old code resolves to it', async () => {
    const t = await startTestServer();
    try {
      const res = await t.gql(`{ old: recommendation(code: "STRASBOURG-2019-PROT-02") { code text commitments { edges { node { code } } } }
        kept: recommendation(code: "STRASBOURG-2019-PROT-01") { code related { relation recommendation { code } } }
        recommendations(first: 100, filter: { sourceCodes: ["STRASBOURG-2019"], search: "guardians" }) { edges { node { code } } } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data.old).toEqual({
        code: 'STRASBOURG-2019-PROT-01',
        text: WHOLE,
        commitments: { edges: [{ node: { code: 'AL-CRCA-SAFER-INTERNET-PLATFORM' } }] },
      });
      expect(res.data.kept.related).toEqual([{ relation: 'FOLLOWS_UP', recommendation: { code: 'LANZAROTE-CONVENTION-ART-12B' } }]);
      expect(res.data.recommendations.edges).toEqual([{ node: { code: 'STRASBOURG-2019-PROT-01' } }]);
      // Filters name the kept code (saved ones are rewritten by the migration).
      const filtered = await t.gql(
        `{ commitments(filter: { recommendationCodes: ["STRASBOURG-2019-PROT-01"] }) { edges { node { code } } } }`,
      );
      expect(filtered.data.commitments.edges).toEqual([{ node: { code: 'AL-CRCA-SAFER-INTERNET-PLATFORM' } }]);
    } finally {
      await t.stop();
    }
  });

  it('merges them in a database seeded before, moving what named the old code, once', async () => {
    const orm = await openDatabase(databaseOptions(freshDatabase(true)));
    try {
      const fresh = await state(orm);
      // As the seeds before the merge loaded it: two records, the link and the related link on PROT-02.
      const em = orm.em.fork() as EntityManager;
      const kept = await em.findOneOrFail(Recommendation, { code: 'STRASBOURG-2019-PROT-01' });
      kept.text = "Action should be taken to strengthen safeguards and ensure the confidentiality of a victim's identity";
      kept.title = "Strengthen safeguards and ensure confidentiality of the victim's identity";
      const { id: _id, code: _code, createdAt: _c, updatedAt: _u, ...copied } = kept as any;
      const old = em.create(Recommendation, {
        ...copied,
        code: 'STRASBOURG-2019-PROT-02',
        title: 'Ensure children can report abuse without parents or legal guardians',
        text: 'to ensure children can report abuse even in the absence of parents or legal guardians;',
      });
      await em.flush();
      await em.nativeDelete(RecommendationCodeAlias, { code: 'STRASBOURG-2019-PROT-02' });
      await em.nativeUpdate(RecommendationLink, { from: kept.id }, { from: old.id });
      const conn = em.getConnection();
      await conn.execute(`update commitment_recommendations set recommendation_id = ? where recommendation_id = ?`, [old.id, kept.id]);
      const user = await systemUser(em);
      em.create(Watch, {
        user,
        name: 'Strasbourg protection',
        filter: { recommendationCodes: ['STRASBOURG-2019-PROT-02', 'STRASBOURG-2019-PROT-01', 'STRASBOURG-2019-PROT-03'] },
      });
      em.create(Webhook, {
        url: 'https://example.org/hook',
        topics: [Topic.STATUS_CHANGED],
        filter: { recommendationCodes: ['STRASBOURG-2019-PROT-02'] },
        secret: 'x',
        createdBy: user,
        updatedBy: user,
      } as any);
      await em.flush();
      const before = await state(orm);
      expect(before.recommendations).toHaveLength(3);
      expect(before.links).toEqual(
        [
          {
            commitment: 'AL-CRCA-SAFER-INTERNET-PLATFORM',
            recommendation: 'STRASBOURG-2019-PROT-02',
            kind: CommitmentLinkKind.CONTRIBUTES_TO,
          },
          ...fresh.links.filter((l: any) => l.recommendation !== 'STRASBOURG-2019-PROT-01'),
        ].sort((a: any, b: any) => a.commitment.localeCompare(b.commitment) || a.recommendation.localeCompare(b.recommendation)),
      );

      await run(orm);
      const after = await state(orm);
      expect(after.recommendations.map((r: any) => r.code)).toEqual(['STRASBOURG-2019-PROT-01', 'STRASBOURG-2019-PROT-03']);
      expect(after).toEqual(fresh);
      expect(after.related).toContainEqual({
        from_code: 'STRASBOURG-2019-PROT-01',
        to_code: 'LANZAROTE-CONVENTION-ART-12B',
        relation: RecommendationRelation.FOLLOWS_UP,
      });
      const filters = async () => ({
        watch: (await orm.em.fork().findOneOrFail(Watch, { name: 'Strasbourg protection' })).filter,
        webhook: (await orm.em.fork().findOneOrFail(Webhook, { url: 'https://example.org/hook' })).filter,
      });
      expect(await filters()).toEqual({
        watch: { recommendationCodes: ['STRASBOURG-2019-PROT-01', 'STRASBOURG-2019-PROT-03'] },
        webhook: { recommendationCodes: ['STRASBOURG-2019-PROT-01'] },
      });
      await run(orm);
      expect(await state(orm)).toEqual(fresh);
      expect((await filters()).watch).toEqual({ recommendationCodes: ['STRASBOURG-2019-PROT-01', 'STRASBOURG-2019-PROT-03'] });
    } finally {
      await orm.close(true);
    }
  });
});
