/**
 * Query plans at scale: the statements real GraphQL queries run, explained (EXPLAIN QUERY PLAN)
 * on a database whose statistics (sqlite_stat1) describe 100k commitments with 10 progress
 * updates each, so SQLite plans as it would on a file that large. A page must read its rows
 * through an index in order and stop; no big table may be read whole.
 */
import sqlite3 from 'sqlite3';
import { freshDatabase, startTestServer, type TestServer } from './support/server';

/** Rows per table, and distinct values per column (absent: every row differs). */
const SCALE: Record<string, { rows: number; distinct: Record<string, number> }> = {
  source: { rows: 50, distinct: { archived_at: 1, kind: 8 } },
  recommendation: { rows: 20_000, distinct: { archived_at: 1, source_id: 50, level: 5, is_summary: 2 } },
  recommendation_link: { rows: 2_000, distinct: { archived_at: 1, from_id: 1_500, to_id: 1_500, relation: 2 } },
  actor: { rows: 5_000, distinct: { archived_at: 1, kind: 12, country: 200, parent_id: 500 } },
  source_organisers: { rows: 100, distinct: { source_id: 50, actor_id: 60 } },
  responsibility: { rows: 50_000, distinct: { archived_at: 1, recommendation_id: 20_000, actor_id: 5_000, role: 3 } },
  commitment: {
    rows: 100_000,
    distinct: { archived_at: 1, actor_id: 5_000, status: 6, due_date_end: 3_000, expression: 3_000, created_by_id: 10, updated_by_id: 10 },
  },
  commitment_recommendations: { rows: 200_000, distinct: { commitment_id: 100_000, recommendation_id: 20_000 } },
  commitment_partner: { rows: 20_000, distinct: { commitment_id: 10_000, actor_id: 2_000 } },
  progress_update: {
    rows: 1_000_000,
    distinct: { archived_at: 1, commitment_id: 100_000, state: 2, reported_by_id: 100, created_by_id: 100, updated_by_id: 100 },
  },
  status_change: { rows: 250_000, distinct: { commitment_id: 100_000, by_id: 100, progress_update_id: 100_000 } },
  assessment: {
    rows: 100_000,
    distinct: { archived_at: 1, commitment_id: 60_000, author_id: 100, assessor_id: 500, created_by_id: 100, updated_by_id: 100 },
  },
};

function run(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<any[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))));
}

/** Writes sqlite_stat1 rows for every index of the tables above, as ANALYZE would at that scale. */
async function pretendLarge(path: string): Promise<void> {
  const db = new sqlite3.Database(path);
  try {
    await run(db, 'analyze');
    await run(db, 'delete from sqlite_stat1');
    for (const [table, { rows, distinct }] of Object.entries(SCALE)) {
      await run(db, 'insert into sqlite_stat1 (tbl, idx, stat) values (?, null, ?)', [table, String(rows)]);
      for (const index of await run(db, `pragma index_list('${table}')`)) {
        const columns = (await run(db, `pragma index_xinfo('${index.name}')`)).filter((c) => c.key);
        let combinations = 1;
        const averages = columns.map((c) => {
          combinations = Math.min(rows, combinations * (c.cid === -2 ? distinct.expression : (distinct[c.name] ?? rows)));
          return Math.max(1, Math.round(rows / combinations));
        });
        await run(db, 'insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)', [table, index.name, [rows, ...averages].join(' ')]);
      }
    }
  } finally {
    await new Promise((resolve) => db.close(resolve));
  }
}

let t: TestServer;
beforeAll(async () => {
  const databasePath = freshDatabase();
  await pretendLarge(databasePath);
  t = await startTestServer({ databasePath });
});
afterAll(() => t.stop());

const BIG_TABLES = Object.entries(SCALE)
  .filter(([, s]) => s.rows >= 20_000)
  .map(([table]) => table);

interface Step {
  detail: string;
  /** The step is inside a sub-query (not at the statement's top level). */
  nested: boolean;
}

/** The plan of one statement, one step per line. */
async function planOf(sql: string, bindings: unknown[]): Promise<Step[]> {
  const rows: { id: number; parent: number; detail: string }[] = await t.services.orm.em
    .getKnex()
    .raw(`explain query plan ${sql}`, bindings as any);
  const top = new Set(rows.filter((r) => r.parent === 0).map((r) => r.id));
  // A step under a top-level step that is not a sub-query (a MATERIALIZE or CO-ROUTINE of a CTE) is top-level too.
  return rows.map((r) => ({
    detail: r.detail,
    nested: r.parent !== 0 && !(top.has(r.parent) && !/SUBQUERY/.test(rows.find((p) => p.id === r.parent)!.detail)),
  }));
}

/** The table a plan step reads (its alias resolved against the statement). */
function tableOf(step: string, sql: string): string | undefined {
  const name = /^(?:SCAN|SEARCH) (\w+)/.exec(step)?.[1];
  if (!name) return undefined;
  if (BIG_TABLES.includes(name)) return name;
  const aliased = new RegExp(`(?:from|join) (\\w+)(?: as)? ${name}\\b`, 'i').exec(sql.replace(/`/g, ''));
  return aliased && BIG_TABLES.includes(aliased[1]) ? aliased[1] : undefined;
}

interface Explained {
  sql: string;
  plan: string[];
  /** The steps inside sub-queries. */
  nested: string[];
}

async function explainQuery(query: string, variables?: Record<string, unknown>): Promise<Explained[]> {
  const captured: { sql: string; bindings: unknown[] }[] = [];
  // Reads run on the read pool, writes on the writer: listen to both.
  const knexes = [...new Set([t.services.orm.em.getKnex('write'), t.services.orm.em.getKnex('read')])];
  const listener = (q: { sql: string; bindings?: unknown[] }) => captured.push({ sql: q.sql, bindings: q.bindings ?? [] });
  for (const knex of knexes) knex.on('query', listener);
  try {
    const res = await t.gql(query, variables);
    expect(res.errors).toBeUndefined();
  } finally {
    for (const knex of knexes) knex.removeListener('query', listener);
  }
  const explained: Explained[] = [];
  for (const { sql, bindings } of captured) {
    const steps = await planOf(sql, bindings);
    explained.push({ sql, plan: steps.map((s) => s.detail), nested: steps.filter((s) => s.nested).map((s) => s.detail) });
  }
  return explained;
}

/** Steps that read a big table whole: a full scan, or a walk of a whole index without LIMIT. */
function fullReads({ sql, plan }: Explained): string[] {
  const paged = /\blimit\b/i.test(sql);
  return plan.filter((step) => {
    if (!tableOf(step, sql) || !step.startsWith('SCAN')) return false;
    return !(paged && / USING (COVERING )?INDEX /.test(step));
  });
}

function expectEveryStatementIndexed(explained: Explained[]): void {
  const problems = explained.flatMap((e) => {
    const readsBigTable = e.plan.some((s) => tableOf(s, e.sql));
    // A page per parent (the LIMIT in a sub-query run once per parent) may order its pages at the
    // top level (at most parents × page size rows), but not sort a parent's children.
    const perParent = e.plan.some((s) => s.startsWith('CORRELATED LIST SUBQUERY'));
    const sorts =
      readsBigTable && /\blimit\b/i.test(e.sql) && (perParent ? e.nested : e.plan).some((s) => s.includes('TEMP B-TREE FOR ORDER BY'))
        ? ['sorts every row']
        : [];
    return [...fullReads(e), ...sorts].map((step) => `${step}\n  in ${e.sql}\n  plan: ${e.plan.join(' | ')}`);
  });
  expect(problems).toEqual([]);
}

function indexesUsed(explained: Explained[]): string[] {
  return explained.flatMap((e) => e.plan.flatMap((s) => /USING (?:COVERING )?INDEX (\w+)/.exec(s)?.[1] ?? []));
}

describe('query plans at 100k commitments', () => {
  it('a commitments page walks the live code index and stops', async () => {
    const explained = await explainQuery(`{ commitments(first: 100) { edges { node { code actor { code } } } } }`);
    expectEveryStatementIndexed(explained);
    expect(indexesUsed(explained)).toContain('commitment_live_code_index');
  });

  it.each([
    ['DUE_DATE', 'commitment_live_due_index'],
    ['UPDATED_AT', 'commitment_live_updated_index'],
  ])('a commitments page ordered by %s walks its index', async (field, index) => {
    const explained = await explainQuery(
      `{ commitments(first: 20, orderBy: { field: ${field}, direction: DESC }) { edges { node { code } } } }`,
    );
    expectEveryStatementIndexed(explained);
    expect(indexesUsed(explained)).toContain(index);
  });

  it('commitments of one actor (lead or partner) and of one status are read through indexes', async () => {
    const actor = await t.gql(`{ actors(first: 1, filter: { countryCodes: ["IT"] }) { edges { node { id } } } }`);
    const actorId = actor.data.actors.edges[0].node.id;
    const byActor = await explainQuery(
      `query($a: ID!) { commitments(first: 20, filter: { actorIds: [$a] }) { edges { node { code } } } }`,
      {
        a: actorId,
      },
    );
    // The lead or a partner: each read through its index (MULTI-INDEX OR), then the actor's
    // commitments sorted by code: as many rows as the actor leads or partners, never the table.
    expect(byActor.flatMap(fullReads)).toEqual([]);
    expect(indexesUsed(byActor)).toEqual(expect.arrayContaining(['commitment_actor_id_index', 'commitment_partner_actor_id_index']));
    const byStatus = await explainQuery(`{ commitments(first: 20, filter: { statuses: [STALLED] }) { edges { node { code } } } }`);
    expectEveryStatementIndexed(byStatus);
  });

  it('nested lists of recommendations read each parent’s children through their index', async () => {
    const explained = await explainQuery(`{ sources(first: 5) { edges { node { code recommendations(first: 5) { edges { node { code status
      responsibilities(first: 3) { edges { node { role actor { code } } } }
      commitments(first: 5) { edges { node { code actor { code } } } } } } } } } } }`);
    expectEveryStatementIndexed(explained);
    expect(indexesUsed(explained)).toEqual(expect.arrayContaining(['commitment_recommendations_live_code_index']));
  });

  it('a recommendation’s commitments: one page per recommendation from the link’s live code index, also after a cursor', async () => {
    const first = await t.gql(`{ recommendations(first: 100) { edges { node { commitments(first: 1) { pageInfo { endCursor } } } } } }`);
    const after = first.data.recommendations.edges.map((e: any) => e.node.commitments.pageInfo.endCursor).find(Boolean);
    expect(after).toBeTruthy();
    for (const args of ['first: 5', `first: 5, after: "${after}"`, `last: 5, before: "${after}"`]) {
      const explained = await explainQuery(`{ recommendations(first: 20) { edges { node { code
        commitments(${args}) { edges { node { code } } } } } } }`);
      expectEveryStatementIndexed(explained);
      const [pages] = explained.filter((e) => /from w_parents, commitment_recommendations cr/.test(e.sql));
      // Per recommendation, the sub-query walks the index from the cursor in code order (no sort)
      // and stops at the LIMIT; the page's commitments are then read by id.
      const walk =
        args.includes('after') || args.includes('before')
          ? /^SEARCH cr USING (COVERING )?INDEX commitment_recommendations_live_code_index \(recommendation_id=\? AND \(commitment_code,commitment_id\)[<>]\(\?,\?\)\)$/
          : /^SEARCH cr USING (COVERING )?INDEX commitment_recommendations_live_code_index \(recommendation_id=\?\)$/;
      // One sub-query per parent (SQLite would run a copy of it for the commitment too were the join on the bare id).
      expect(pages.plan.filter((step) => step.startsWith('CORRELATED LIST SUBQUERY'))).toHaveLength(1);
      expect(pages.nested).toEqual([expect.stringMatching(walk)]);
      expect(pages.plan).toContain('SEARCH w_child USING INTEGER PRIMARY KEY (rowid=?)');
      // Outside the sub-query, a link is read by its (recommendation, commitment), never every link of the recommendation.
      const outer = pages.plan.filter((step) => !pages.nested.includes(step) && /^(SCAN|SEARCH) cr /.test(step));
      expect(outer).toEqual([expect.stringMatching(/^SEARCH cr USING .*commitment_id=\?/)]);
    }
  });

  it('progress updates, history and assessments of a page of commitments use the per-commitment indexes', async () => {
    const explained = await explainQuery(`{ commitments(first: 20) { edges { node { code nextReportDue
      progressUpdates(first: 5) { edges { node { summary } } }
      history(first: 5) { edges { node { toStatus } } }
      assessments(first: 5) { edges { node { rating } } } } } } }`);
    expectEveryStatementIndexed(explained);
    expect(indexesUsed(explained)).toEqual(
      expect.arrayContaining([
        'progress_update_live_commitment_index',
        'status_change_commitment_sequence_index',
        'assessment_live_commitment_index',
      ]),
    );
  });

  it('an actor’s commitments and sub-units use the live per-parent indexes', async () => {
    const explained = await explainQuery(`{ actors(first: 20) { edges { node { code
      commitments(first: 5) { edges { node { code } } } children { code } } } } }`);
    expectEveryStatementIndexed(explained);
    expect(indexesUsed(explained)).toEqual(expect.arrayContaining(['actor_live_code_index', 'commitment_live_actor_code_index']));
  });

  it('the overdue filter walks the live code index and stops, rather than sorting every overdue row', async () => {
    const explained = await explainQuery(`{ commitments(first: 20, filter: { overdue: true }) { edges { node { code } } } }`);
    expectEveryStatementIndexed(explained);
    expect(indexesUsed(explained)).toEqual(['commitment_live_code_index']);
  });
});

describe('planner statistics', () => {
  it('are gathered when a server starts on a file that has none', async () => {
    const databasePath = freshDatabase();
    const db = new sqlite3.Database(databasePath);
    await run(db, 'drop table if exists sqlite_stat1');
    await new Promise((resolve) => db.close(resolve));
    const other = await startTestServer({ databasePath });
    try {
      const rows = await other.services.orm.em.getConnection().execute(`select tbl from sqlite_stat1 where tbl = 'commitment'`);
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await other.stop();
    }
  });
});
