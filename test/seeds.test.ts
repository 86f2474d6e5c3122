/** The real data: loading, idempotence, counts per source, provenance and the verbatim check. */
import { openDatabase } from '../src/db/orm';
import { readSeeds } from '../src/seeds/read';
import { loadSeeds } from '../src/seeds/load';
import { checkPassages, findSourcesDir } from '../src/seeds/check';
import { passageKey } from '../src/seeds/normalize';
import { validateSeeds } from '../src/seeds/format';
import { freshDatabase, startTestServer, type TestServer } from './support/server';
import { SEEDS_DIR } from './support/paths';
import { databaseOptions } from './support/database';
import { CommitmentLinkKind, PartnerRole } from '../src/domain/enums';

/** Recommendations each source contributes (README, "Sources"). */
const EXPECTED_PER_SOURCE: Record<string, number> = {
  'STOCKHOLM-1996': 15,
  'YOKOHAMA-2001': 9,
  'UNGASS-2002': 3,
  'RIO-2008': 9,
  'FLORENCE-2008': 118,
  'ROME-2012': 112,
  'CRC-COMMITTEE': 26,
  'LANZAROTE-CONVENTION': 46,
  'BACKGROUND-PAPER-2012': 30,
  'STRASBOURG-2019': 38,
  'IT-DGCS-GUIDELINES': 15,
};

const TABLES = [
  'source',
  'actor',
  'recommendation',
  'recommendation_link',
  'responsibility',
  'commitment',
  'commitment_recommendations',
  'commitment_partner',
  'progress_update',
  'status_change',
  'source_organisers',
  'app_user',
  'event_counter',
];

describe('loading the seeds', () => {
  it('a second time changes nothing', async () => {
    const orm = await openDatabase(databaseOptions(freshDatabase(true)));
    try {
      const snapshot = async () => {
        const counts: Record<string, unknown> = {};
        for (const table of TABLES) counts[table] = (await orm.em.getConnection().execute(`select count(*) as n from ${table}`))[0].n;
        counts.counter = (await orm.em.getConnection().execute(`select value from event_counter`))[0].value;
        counts.versions = (await orm.em.getConnection().execute(`select sum(version) as v from commitment`))[0].v;
        return counts;
      };
      const before = await snapshot();
      const report = await loadSeeds(orm, readSeeds(SEEDS_DIR));
      expect(report).toEqual({ created: {}, updated: {} });
      expect(await snapshot()).toEqual(before);
    } finally {
      await orm.close(true);
    }
  });
});

describe('the seeded data through the API', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('has every source with the number of recommendations it contributes', async () => {
    const res = await t.gql(`{ sources(first: 100) { edges { node { code document recommendations { totalCount } } } } }`);
    const counts = Object.fromEntries(res.data.sources.edges.map((e: any) => [e.node.code, e.node.recommendations.totalCount]));
    expect(counts).toEqual(EXPECTED_PER_SOURCE);
  });

  it('gives every recommendation a source, a section, a document and at least one theme', async () => {
    const rows = await t.services.orm.em
      .getConnection()
      .execute(
        `select code from recommendation where source_id is null or coalesce(section, '') = '' or coalesce(document, '') = '' or themes = '[]'`,
      );
    expect(rows).toEqual([]);
  });

  it('finds a Florence national-level recommendation by its code, with its actor links', async () => {
    const res = await t.gql(`{ recommendation(code: "FLORENCE-2008-NAT-09") {
      code level isSummary document section source { code }
      commitments { edges { node { code actor { code kind country } } } } } }`);
    const rec = res.data.recommendation;
    expect(rec).toMatchObject({
      code: 'FLORENCE-2008-NAT-09',
      level: 'NATIONAL',
      isSummary: false,
      document: '002_bc10e3de1f0714a4.txt',
      source: { code: 'FLORENCE-2008' },
    });
    const actors = rec.commitments.edges.map((e: any) => e.node.actor.code);
    expect(actors).toEqual(expect.arrayContaining(['IT-DEO']));
  });

  it('marks the recommendations known only through another document (the background paper, the Florence report) as summaries', async () => {
    const res =
      await t.gql(`{ recommendations(first: 100, filter: { sourceCodes: ["STOCKHOLM-1996", "YOKOHAMA-2001", "UNGASS-2002", "RIO-2008", "CRC-COMMITTEE"] }) {
      totalCount edges { node { code isSummary document } } } }`);
    expect(res.data.recommendations.totalCount).toBe(15 + 9 + 3 + 9 + 26);
    for (const { node } of res.data.recommendations.edges) {
      // The Rio Congress's objectives are stated by the Florence summary report; the rest by the background paper.
      const document = node.code.startsWith('RIO-2008-OBJ-') ? '002_bc10e3de1f0714a4.txt' : '001_d27a5eeeb1265c3a.txt';
      expect(node).toEqual({ code: node.code, isSummary: true, document });
    }
  });

  it('keeps a deadline with the precision the text gives', async () => {
    const res = await t.gql(
      `{ recommendations(first: 100, filter: { sourceCodes: ["STOCKHOLM-1996"] }) { edges { node { code deadline } } } }`,
    );
    expect(res.data.recommendations.edges.map((e: any) => e.node.deadline)).toContain('2000');
  });

  it('stamps every seeded status change and published update with a unique sequence', async () => {
    const conn = t.services.orm.em.getConnection();
    const [{ changes, distinctChanges }] = await conn.execute(
      `select count(*) as changes, count(distinct sequence) as "distinctChanges" from status_change`,
    );
    const [{ updates }] = await conn.execute(
      `select count(*) as updates from progress_update where state = 'PUBLISHED' and sequence is not null`,
    );
    const [{ value }] = await conn.execute(`select value from event_counter`);
    expect(Number(changes)).toBe(Number(distinctChanges));
    expect(Number(value)).toBe(Number(changes) + Number(updates));
  });
});

describe('the verbatim check', () => {
  it('allows only the PDF leftovers: white space, page numbers, hyphenation, markdown bold', () => {
    expect(passageKey('protec-\ntion of **children**\n\n12\n  at risk')).toBe(passageKey('protection of children at risk'));
    expect(passageKey('children’s')).not.toBe(passageKey("children's"));
  });

  it('passes on the committed seeds', () => {
    const data = readSeeds(SEEDS_DIR);
    expect(validateSeeds(data)).toEqual([]);
    expect(checkPassages(data, findSourcesDir())).toEqual([]);
  });

  it('names the file and code of a passage that is not in its document', () => {
    const data = readSeeds(SEEDS_DIR);
    const rec = data.recommendations.find((r) => r.code === 'FLORENCE-2008-NAT-03')!;
    rec.text = `${rec.text} (and an invented clause)`;
    const problems = checkPassages(data, findSourcesDir());
    expect(problems).toEqual([expect.stringMatching(/^FLORENCE-2008\.json FLORENCE-2008-NAT-03: text is not a verbatim passage/)]);
  });

  it('refuses duplicate codes and unresolved references', () => {
    const data = readSeeds(SEEDS_DIR);
    data.actors.push({ ...data.actors[0], file: 'extra.json' });
    data.commitments[0] = { ...data.commitments[0], actor: 'NO-SUCH-ACTOR' };
    const problems = validateSeeds(data);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^extra\.json \S+: duplicate code/),
        expect.stringMatching(/actor "NO-SUCH-ACTOR" is not a seeded actor/),
      ]),
    );
  });

  it('refuses a RESPONDS_TO link without evidence, or from a commitment begun before the recommendation was issued', () => {
    const data = readSeeds(SEEDS_DIR);
    const code = data.commitments.findIndex((c) => c.code === 'THE-CODE-TRAVEL-AND-TOURISM');
    const links = data.commitments[code].recommendations.map((l) =>
      l.code === 'RIO-2008-CALL-01' ? { ...l, kind: CommitmentLinkKind.RESPONDS_TO, evidence: 'to report annually' } : l,
    );
    data.commitments[code] = { ...data.commitments[code], recommendations: links };
    const undated = data.commitments.findIndex((c) => c.code === 'IT-DGCS-SESACA-STRATEGY');
    data.commitments[undated] = {
      ...data.commitments[undated],
      recommendations: [...data.commitments[undated].recommendations, { code: 'ROME-2012-OPEN-01', kind: CommitmentLinkKind.RESPONDS_TO }],
    };
    expect(validateSeeds(data)).toEqual([
      expect.stringMatching(/IT-DGCS-SESACA-STRATEGY: link to ROME-2012-OPEN-01: RESPONDS_TO needs the evidence passage/),
      expect.stringMatching(
        /THE-CODE-TRAVEL-AND-TOURISM: link to RIO-2008-CALL-01: a commitment that began 1998 cannot respond to a recommendation issued 2008-11-25/,
      ),
    ]);
  });

  it('refuses a partner that is no seeded actor, the lead, named twice, without a role or evidence, or whose passage is not in its document', () => {
    const data = readSeeds(SEEDS_DIR);
    const at = data.commitments.findIndex((c) => c.code === 'IT-DGCS-NIGERIA-ITALY-TRAFFICKING');
    const c = data.commitments[at];
    const evidence = 'UNICRI (United Nations Interregional Crime and Justice Research Institute)';
    data.commitments[at] = {
      ...c,
      partners: [
        { actor: 'NO-SUCH-ACTOR', role: PartnerRole.IMPLEMENTING, evidence },
        { actor: c.actor, role: PartnerRole.FUNDING, evidence },
        { actor: 'UNICRI', role: 'PAYING' as PartnerRole, evidence: '' },
        { actor: 'UNICRI', role: PartnerRole.IMPLEMENTING, evidence: 'an invented passage naming UNICRI' },
      ],
    };
    expect(validateSeeds(data)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/IT-DGCS-NIGERIA-ITALY-TRAFFICKING: partner "NO-SUCH-ACTOR" is not a seeded actor/),
        expect.stringMatching(/IT-DGCS-NIGERIA-ITALY-TRAFFICKING: partner "IT-DGCS" is the lead actor/),
        expect.stringMatching(/partner "UNICRI" is named twice/),
        expect.stringMatching(/partner UNICRI: role "PAYING" is not IMPLEMENTING, FUNDING or MONITORING/),
        expect.stringMatching(/partner UNICRI: evidence, the passage that names it, is required/),
      ]),
    );
    expect(checkPassages(data, findSourcesDir())).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/IT-DGCS-NIGERIA-ITALY-TRAFFICKING: partner UNICRI evidence is not a verbatim passage/),
      ]),
    );
  });
});
