/** Bad input: each case gets its code and the offending field, and nothing is written. */
import { startTestServer, type TestServer } from './support/server';
import { idOf, rowCounts, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';

let t: TestServer;
let token: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  token = await tokenFor(t, Role.SECRETARIAT);
  ids.actor = await idOf(t, 'actor', 'IT-DEO');
  ids.rec = await idOf(t, 'recommendation', 'FLORENCE-2008-NAT-03');
  ids.source = await idOf(t, 'source', 'FLORENCE-2008');
  ids.commitment = await idOf(t, 'commitment', 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011');
});
afterAll(() => t.stop());

const CREATE_COMMITMENT = `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id } } }`;
const LOG = `mutation($i: LogProgressInput!) { logProgress(input: $i) { progressUpdate { id } } }`;
const CREATE_ACTOR = `mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } } }`;
const CREATE_REC = `mutation($i: CreateRecommendationInput!) { createRecommendation(input: $i) { recommendation { id } } }`;
const commitment = (over: Record<string, unknown>) => ({
  actorId: ids.actor,
  recommendationIds: [ids.rec],
  title: 'A valid title',
  ...over,
});

interface Case {
  name: string;
  query: string;
  input: () => Record<string, unknown>;
  code: string;
  field?: string;
}
const CASES: Case[] = [
  { name: 'an empty title', query: CREATE_COMMITMENT, input: () => commitment({ title: '   ' }), code: 'BAD_USER_INPUT', field: 'title' },
  {
    name: 'a title over 300 characters',
    query: CREATE_COMMITMENT,
    input: () => commitment({ title: 'x'.repeat(301) }),
    code: 'BAD_USER_INPUT',
    field: 'title',
  },
  {
    name: 'a due date before the start date',
    query: CREATE_COMMITMENT,
    input: () => commitment({ startDate: '2026-05', dueDate: '2025' }),
    code: 'BAD_USER_INPUT',
    field: 'dueDate',
  },
  {
    name: 'no recommendation',
    query: CREATE_COMMITMENT,
    input: () => commitment({ recommendationIds: [] }),
    code: 'BAD_USER_INPUT',
    field: 'recommendationIds',
  },
  {
    name: 'a malformed actor id',
    query: CREATE_COMMITMENT,
    input: () => commitment({ actorId: 'nope' }),
    code: 'BAD_USER_INPUT',
    field: 'actorId',
  },
  {
    name: 'an unknown actor id',
    query: CREATE_COMMITMENT,
    input: () => commitment({ actorId: Buffer.from('Actor:999999').toString('base64url') }),
    code: 'NOT_FOUND',
    field: 'actorId',
  },
  {
    name: 'an id of the wrong type',
    query: CREATE_COMMITMENT,
    input: () => commitment({ actorId: ids.rec }),
    code: 'BAD_USER_INPUT',
    field: 'actorId',
  },
  {
    name: 'a lower-case code',
    query: CREATE_COMMITMENT,
    input: () => commitment({ code: 'my-code' }),
    code: 'BAD_USER_INPUT',
    field: 'code',
  },
  {
    name: 'a code already used',
    query: CREATE_COMMITMENT,
    input: () => commitment({ code: 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011' }),
    code: 'BAD_USER_INPUT',
    field: 'code',
  },
  {
    name: 'an empty summary',
    query: LOG,
    input: () => ({ commitmentId: ids.commitment, summary: '' }),
    code: 'BAD_USER_INPUT',
    field: 'summary',
  },
  {
    name: 'an evidence link that is not a URL',
    query: LOG,
    input: () => ({ commitmentId: ids.commitment, summary: 'ok', evidenceLinks: ['not a url'] }),
    code: 'BAD_USER_INPUT',
    field: 'evidenceLinks',
  },
  {
    name: 'an evidence link that is not http(s)',
    query: LOG,
    input: () => ({ commitmentId: ids.commitment, summary: 'ok', evidenceLinks: ['javascript:alert(1)'] }),
    code: 'BAD_USER_INPUT',
    field: 'evidenceLinks',
  },
  {
    name: 'a period ending before it starts',
    query: LOG,
    input: () => ({ commitmentId: ids.commitment, summary: 'ok', periodStart: '2026-03', periodEnd: '2026-01' }),
    code: 'BAD_USER_INPUT',
    field: 'periodEnd',
  },
  {
    name: 'an unknown commitment',
    query: LOG,
    input: () => ({ commitmentId: Buffer.from('Commitment:999999').toString('base64url'), summary: 'ok' }),
    code: 'NOT_FOUND',
    field: 'commitmentId',
  },
  {
    name: 'a country that is not ISO 3166-1',
    query: CREATE_ACTOR,
    input: () => ({ code: 'NEW-ACTOR', name: 'New', kind: 'STATE', country: 'UK' }),
    code: 'BAD_USER_INPUT',
    field: 'country',
  },
  {
    name: 'an empty actor name',
    query: CREATE_ACTOR,
    input: () => ({ code: 'NEW-ACTOR', name: '', kind: 'STATE' }),
    code: 'BAD_USER_INPUT',
    field: 'name',
  },
  {
    name: 'a recommendation without themes',
    query: CREATE_REC,
    input: () => ({ sourceId: ids.source, title: 'T', text: 'Text', level: 'NATIONAL', themes: [] }),
    code: 'BAD_USER_INPUT',
    field: 'themes',
  },
  {
    name: 'a malformed partial date',
    query: CREATE_REC,
    input: () => ({ sourceId: ids.source, title: 'T', text: 'Text', level: 'NATIONAL', themes: ['PREVENTION'], deadline: '2020-13' }),
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'an unknown enum value',
    query: CREATE_ACTOR,
    input: () => ({ code: 'NEW-ACTOR', name: 'New', kind: 'MINISTRY' }),
    code: 'BAD_USER_INPUT',
  },
];

describe('bad input', () => {
  it.each(CASES)('$name → $code', async ({ query, input, code, field }) => {
    const before = await rowCounts(t);
    const res = await t.gql(query, { i: input() }, token);
    expect(res.data?.[Object.keys(res.data ?? {})[0]] ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe(code);
    if (field) expect(res.errors?.[0].extensions?.field).toBe(field);
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|SQLITE|at .*\.js/);
    expect(await rowCounts(t)).toEqual(before);
  });
});

describe('messages read as English', () => {
  it('names a wrong-type id with its article (an Actor id)', async () => {
    const res = await t.gql(`query($ids: [ID!]) { commitments(filter: { actorIds: $ids }) { totalCount } }`, { ids: [ids.commitment] });
    expect(res.errors?.[0]).toMatchObject({
      message: `"${ids.commitment}" is not an Actor id`,
      extensions: { code: 'BAD_USER_INPUT', field: 'actorIds' },
    });
  });
});
