/** Full-text search over the seeded recommendations and commitments, through GraphQL over HTTP. */
import { onPostgres } from './support/database';
import { startTestServer, type TestServer } from './support/server';

const RECOMMENDATIONS = /* GraphQL */ `
  query ($filter: RecommendationFilter, $first: Int, $after: String, $orderBy: RecommendationOrder) {
    recommendations(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          code
          title
          text
          level
          source {
            code
          }
        }
      }
    }
  }
`;
const COMMITMENTS = /* GraphQL */ `
  query ($filter: CommitmentFilter) {
    commitments(filter: $filter, first: 100) {
      totalCount
      edges {
        node {
          code
          title
          description
        }
      }
    }
  }
`;

const OMBUDS_TITLES = ['BACKGROUND-PAPER-2012-TOOLS-09', 'FLORENCE-2008-NAT-08'];
const OMBUDS_TEXTS_ONLY = ['FLORENCE-2008-INT-07', 'FLORENCE-2008-NAT-02'];

async function searchRecommendations(t: TestServer, filter: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const res = await t.gql(RECOMMENDATIONS, { filter, first: 100, ...extra });
  expect(res.errors).toBeUndefined();
  return res.data.recommendations as { totalCount: number; pageInfo: any; edges: { node: any }[] };
}
const codes = (list: { edges: { node: { code: string } }[] }) => list.edges.map((e) => e.node.code);

describe('search on the seeded data', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('finds a recommendation by an exact phrase of its text, and not by the same words out of order', async () => {
    const phrase = await searchRecommendations(t, { search: '"child ombudspersons, play a decisive role"' });
    expect(codes(phrase)).toEqual(['FLORENCE-2008-NAT-08']);
    expect(phrase.edges[0].node.text).toContain('child ombudspersons, play a decisive role');

    const shuffled = await searchRecommendations(t, { search: '"play a decisive role child ombudspersons"' });
    expect(shuffled.totalCount).toBe(0);
    const sameWords = await searchRecommendations(t, { search: 'play a decisive role child ombudspersons' });
    expect(codes(sameWords)).toContain('FLORENCE-2008-NAT-08');
  });

  it('matches a prefix with a trailing star', async () => {
    const prefix = await searchRecommendations(t, { search: 'ombuds*' });
    expect(codes(prefix).sort()).toEqual([...OMBUDS_TITLES, ...OMBUDS_TEXTS_ONLY].sort());
    // Without the star only the one text with the word "ombuds" itself matches.
    expect(codes(await searchRecommendations(t, { search: 'ombuds' }))).toEqual(['FLORENCE-2008-INT-07']);
    const byPrefixOnly = prefix.edges.filter((e) => e.node.code !== 'FLORENCE-2008-INT-07');
    expect(byPrefixOnly).toHaveLength(3);
    for (const { node } of byPrefixOnly) expect(`${node.title} ${node.text}`).toMatch(/\bombudspersons?\b/i);
  });

  it('stems words on both databases (ombudsperson finds "ombudspersons"), never a quoted phrase', async () => {
    const candidates = await searchRecommendations(t, { search: 'ombuds*' });
    const having = (word: RegExp) =>
      candidates.edges
        .filter((e) => word.test(`${e.node.title} ${e.node.text}`))
        .map((e) => e.node.code)
        .sort();
    const singularOrPlural = having(/\bombudspersons?\b/i);
    const singular = having(/\bombudsperson\b/i);
    expect(singularOrPlural.length).toBeGreaterThan(singular.length);
    expect(codes(await searchRecommendations(t, { search: 'ombudsperson' })).sort()).toEqual(singularOrPlural);
    expect(codes(await searchRecommendations(t, { search: '"ombudsperson"' })).sort()).toEqual(singular);
  });

  it('ignores accents', async () => {
    const res = await t.gql(COMMITMENTS, { filter: { search: 'pédophilia observatory' } });
    expect(res.data.commitments.edges.map((e: any) => e.node.code)).toContain('IT-PEDOPHILIA-OBSERVATORY-CREATED');
  });

  it('combines with the other filters', async () => {
    const florence = await searchRecommendations(t, { search: 'ombuds*', sourceCodes: ['FLORENCE-2008'] });
    expect(codes(florence).sort()).toEqual(['FLORENCE-2008-INT-07', 'FLORENCE-2008-NAT-02', 'FLORENCE-2008-NAT-08']);
    const national = await searchRecommendations(t, { search: 'ombuds*', sourceCodes: ['FLORENCE-2008'], levels: ['NATIONAL'] });
    expect(codes(national)).toEqual(['FLORENCE-2008-NAT-08', 'FLORENCE-2008-NAT-02']);
    expect(national.totalCount).toBe(2);
  });

  it('ranks a recommendation whose title matches ahead of those whose text alone does', async () => {
    const ranked = await searchRecommendations(t, { search: 'ombuds*' });
    expect(codes(ranked).slice(0, 2).sort()).toEqual([...OMBUDS_TITLES].sort());
    expect(codes(ranked).slice(2).sort()).toEqual([...OMBUDS_TEXTS_ONLY].sort());

    const trafficking = await searchRecommendations(t, { search: 'trafficking' });
    const inTitle = trafficking.edges.map((e) => /trafficking/i.test(e.node.title));
    expect(inTitle.filter(Boolean).length).toBeGreaterThan(1);
    expect(inTitle.includes(false)).toBe(true);
    expect(inTitle.indexOf(false)).toBe(inTitle.lastIndexOf(true) + 1);
  });

  it('pages through ranked results with first/after without gaps or repeats', async () => {
    const all = codes(await searchRecommendations(t, { search: 'ombuds*' }));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await searchRecommendations(t, { search: 'ombuds*' }, { first: 1, after });
      expect(page.totalCount).toBe(all.length);
      seen.push(...codes(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('lets an explicit orderBy win over the rank', async () => {
    const byCode = await searchRecommendations(t, { search: 'ombuds*' }, { orderBy: { field: 'CODE', direction: 'DESC' } });
    expect(codes(byCode)).toEqual([...OMBUDS_TITLES, ...OMBUDS_TEXTS_ONLY].sort().reverse());
  });

  it('finds commitments by code, title or description', async () => {
    const found = async (search: string) => {
      const res = await t.gql(COMMITMENTS, { filter: { search } });
      expect(res.errors).toBeUndefined();
      return res.data.commitments.edges.map((e: any) => e.node.code);
    };
    expect(await found('Microsoft tracking')).toEqual(['MICROSOFT-CETS']);
    expect(await found('documentaries')).toEqual(['IT-DGCS-MEDIA-BUDGET-LINE']);
    expect(await found('116111')).toContain('EC-CHILD-HELPLINE-116111');
    expect(await found('"global network of ombudspersons"')).toContain('UNICEF-IRC-OMBUDS-NETWORK');
  });

  it.each(['"unbalanced', '*', 'AND OR', 'NEAR('])('refuses the malformed search %j as bad input on both lists', async (search) => {
    for (const query of [RECOMMENDATIONS, COMMITMENTS]) {
      const res = await t.gql(query, { filter: { search } });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
    }
  });

  it('reads FTS5 syntax in the input as text to find, never as a query', async () => {
    for (const search of [
      'title:abuse',
      'child-friendly',
      '(CRC)',
      '^abuse -children',
      "'; drop table recommendation; --",
      'NEAR/2',
      'a*b',
      '{code} : +x',
    ]) {
      const res = await t.gql(RECOMMENDATIONS, { filter: { search }, first: 1 });
      expect([search, res.errors]).toEqual([search, undefined]);
    }
    expect((await searchRecommendations(t, { search: 'FLORENCE-2008-NAT-08' })).edges[0].node.code).toBe('FLORENCE-2008-NAT-08');
  });
});

describe('the search index follows every write', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());
  const sql = (query: string, params: unknown[] = []) => t.services.orm.em.getConnection().execute(query, params);

  it('reindexes a recommendation whose title is updated', async () => {
    const oldTitle = '"resource child ombudspersons"';
    expect(codes(await searchRecommendations(t, { search: oldTitle }))).toEqual(['FLORENCE-2008-NAT-08']);

    await sql(`update recommendation set title = ? where code = ?`, ['Quokka ombudspersons everywhere', 'FLORENCE-2008-NAT-08']);

    expect(codes(await searchRecommendations(t, { search: 'quokka' }))).toEqual(['FLORENCE-2008-NAT-08']);
    expect((await searchRecommendations(t, { search: oldTitle })).totalCount).toBe(0);
  });

  it('indexes an inserted recommendation and forgets a deleted one', async () => {
    const now = new Date().toISOString();
    await sql(
      `insert into recommendation (created_at, updated_at, code, title, text, source_id, level, themes, addressees)
       values (?, ?, 'ROME-2012-TEST-01', 'Wombat protection', 'A text about numbats.', (select id from source where code = 'ROME-2012'), 'NATIONAL', '[]', '[]')`,
      [now, now],
    );
    expect(codes(await searchRecommendations(t, { search: 'numbat*' }))).toEqual(['ROME-2012-TEST-01']);

    await sql(`delete from recommendation where code = 'ROME-2012-TEST-01'`);
    expect((await searchRecommendations(t, { search: 'numbat*' })).totalCount).toBe(0);
  });

  // PostgreSQL: generated columns, computed for every row whenever the table is written or built.
  const indexesExistingRows = onPostgres
    ? 'keeps the search vectors as generated columns, so rows are indexed whoever writes them'
    : 'indexes the rows already there when the search migration runs';
  it(indexesExistingRows, async () => {
    if (onPostgres) {
      const generated = await sql(
        `select table_name, column_name from information_schema.columns where is_generated = 'ALWAYS' order by table_name, column_name`,
      );
      expect(generated).toEqual(
        ['commitment', 'recommendation'].flatMap((table) =>
          ['search_vector', 'search_words'].map((column) => ({ table_name: table, column_name: column })),
        ),
      );
      await sql(`update recommendation set title = 'Bilby habitats' where code = 'ROME-2012-REG-05'`);
      expect(codes(await searchRecommendations(t, { search: 'bilby' }))).toEqual(['ROME-2012-REG-05']);
      return;
    }
    // The index as typed (phrases) and the stemmed one (words), undone last first.
    const migrations = ['Migration20261124060000_search', 'Migration20261130170000_search_stemming'];
    for (const migration of [...migrations].reverse()) await t.services.orm.getMigrator().down({ migrations: [migration] });
    expect(await sql(`select name from sqlite_master where name like '%fts%'`)).toEqual([]);
    await sql(`update recommendation set title = 'Bilby habitats' where code = 'ROME-2012-REG-05'`);
    for (const migration of migrations) await t.services.orm.getMigrator().up({ migrations: [migration] });
    expect(codes(await searchRecommendations(t, { search: '"bilby habitats"' }))).toEqual(['ROME-2012-REG-05']);

    expect(codes(await searchRecommendations(t, { search: 'bilby' }))).toEqual(['ROME-2012-REG-05']);
    expect((await searchRecommendations(t, { search: 'ombuds*' })).totalCount).toBe(4);
  });

  it('reindexes an updated commitment', async () => {
    await sql(`update commitment set description = 'Now about platypus habitats.' where code = 'MICROSOFT-CETS'`);
    const res = await t.gql(COMMITMENTS, { filter: { search: 'platypus' } });
    expect(res.data.commitments.edges.map((e: any) => e.node.code)).toEqual(['MICROSOFT-CETS']);
  });
});
