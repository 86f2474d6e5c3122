/**
 * Inputs that used to crash (INTERNAL_SERVER_ERROR, 500) or slip through: each gets a 4xx with a
 * stable code (BAD_USER_INPUT naming the field, where one is at fault), over HTTP, over the
 * WebSocket where the issue says, and through the export, the import and the seed check.
 */
import zlib from 'node:zlib';
import WebSocket from 'ws';
import { onPostgres } from './support/database';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestServer, type TestServer } from './support/server';
import { idOf, rowCounts, tokenFor } from './support/users';
import { connected, wsClient } from './support/graphql-ws';
import { Role } from '../src/domain/enums';
import { importCsv } from '../src/import/import';
import { checkText } from '../src/seeds/check';
import type { Client } from 'graphql-ws';

let t: TestServer;
let token: string;
let socket: Client;
const ids: Record<string, string> = {};
/** The server's log lines at error level or above (none of these inputs is a server error). */
const errorLines: string[] = [];
const logger = pino(
  { level: 'error' },
  new Writable({
    write(chunk, _encoding, done) {
      errorLines.push(String(chunk));
      done();
    },
  }),
);

beforeAll(async () => {
  t = await startTestServer({ logger });
  token = await tokenFor(t, Role.SECRETARIAT);
  ids.actor = await idOf(t, 'actor', 'IT-DEO');
  ids.rec = await idOf(t, 'recommendation', 'FLORENCE-2008-NAT-03');
  socket = wsClient(t.wsUrl, { authorization: `Bearer ${token}` });
  await connected(socket);
});
afterEach(() => expect(errorLines.splice(0)).toEqual([]));
afterAll(async () => {
  await socket.dispose();
  await t.stop();
});

/** One operation over the socket: its first result, or its error frame. */
function overSocket(payload: { query: string; variables?: Record<string, unknown>; operationName?: string }): Promise<any> {
  return new Promise((resolve) => {
    let first: any;
    socket.subscribe(payload as any, {
      next: (value) => (first ??= value),
      error: (err) => resolve(Array.isArray(err) ? { errors: err } : { closed: err }),
      complete: () => resolve(first),
    });
  });
}

const CREATE_ACTOR = `mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id name } } }`;
const UPDATE_ACTOR = `mutation($i: UpdateActorInput!) { updateActor(input: $i) { actor { id } } }`;
const CREATE_COMMITMENT = `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { id status } } }`;
const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code;
const fieldOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.field;
let counter = 0;
const actorInput = (over: Record<string, unknown>) => ({ code: `INPUT-${++counter}`, name: 'An actor', kind: 'CIVIL_SOCIETY', ...over });

describe('text', () => {
  it('binds every value as a parameter: a NUL in a code lookup or a search is refused, never reaches the SQL text', async () => {
    const lookup = await t.gql(`query($c: String!) { actor(code: $c) { id } }`, { c: 'IT\u0000DEO' });
    expect(lookup.status).toBe(400);
    expect([codeOf(lookup), fieldOf(lookup)]).toEqual(['BAD_USER_INPUT', 'code']);
    const search = await t.gql(`{ recommendations(filter: { search: "child\\u0000ren" }) { totalCount } }`);
    expect([codeOf(search), fieldOf(search)]).toEqual(['BAD_USER_INPUT', 'search']);
  });

  it('the ORM binds values: a NUL and quotes reach SQLite as data, not as SQL text', async () => {
    const em = t.services.orm.em.fork();
    // PostgreSQL's text holds no NUL at all (inputs with one are refused before any SQL, below): quotes only there.
    const tricky = onPostgres ? "O'Brien'; drop table actor; --" : "O'Brien\u0000'; drop table actor; --";
    expect(await em.getConnection('read').execute('select ? as v', [tricky])).toEqual([{ v: tricky }]);
    const counted = await em
      .getConnection('read')
      .execute<{ n: number | string }[]>('select count(*) as n from actor where code in (?)', [['IT-DEO', tricky]]);
    expect(counted.map((r: { n: number | string }) => Number(r.n))).toEqual([1]);
  });

  it('refuses control characters other than tab, LF and CR in any input, and stores CRLF as LF', async () => {
    for (const name of ['a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'del\u007f', 'c1\u0085']) {
      const res = await t.gql(CREATE_ACTOR, { i: actorInput({ name }) }, token);
      expect([res.status, codeOf(res), fieldOf(res)]).toEqual([400, 'BAD_USER_INPUT', 'name']);
    }
    const literal = await t.gql(
      `mutation { createActor(input: { code: "INPUT-LIT", name: "x\\u0001y", kind: CIVIL_SOCIETY }) { actor { id } } }`,
      {},
      token,
    );
    expect([codeOf(literal), fieldOf(literal)]).toEqual(['BAD_USER_INPUT', 'name']);
    const ok = await t.gql(CREATE_ACTOR, { i: actorInput({ name: 'Tab\there', description: 'line one\r\nline two\rthree\n' }) }, token);
    expect(ok.errors).toBeUndefined();
    const stored = await t.gql(`query($id: ID!) { node(id: $id) { ... on Actor { name description } } }`, {
      id: ok.data.createActor.actor.id,
    });
    expect(stored.data.node).toEqual({ name: 'Tab\there', description: 'line one\nline two\rthree' });
  });

  it('counts lengths in characters (code points) and refuses lone surrogates instead of storing U+FFFD', async () => {
    const emoji = await t.gql(CREATE_ACTOR, { i: actorInput({ name: '😀'.repeat(300) }) }, token);
    expect(emoji.errors).toBeUndefined();
    expect([...emoji.data.createActor.actor.name]).toHaveLength(300);
    const over = await t.gql(CREATE_ACTOR, { i: actorInput({ name: '😀'.repeat(301) }) }, token);
    expect([codeOf(over), fieldOf(over)]).toEqual(['BAD_USER_INPUT', 'name']);
    for (const name of ['a\ud800b', 'a\udc00', '\ud83d']) {
      const res = await t.gql(CREATE_ACTOR, { i: actorInput({ name }) }, token);
      expect([codeOf(res), fieldOf(res)]).toEqual(['BAD_USER_INPUT', 'name']);
    }
  });

  it('refuses the same over the WebSocket', async () => {
    const res = await overSocket({ query: CREATE_ACTOR, variables: { i: actorInput({ name: 'nul\u0000' }) } });
    expect([codeOf(res), fieldOf(res)]).toEqual(['BAD_USER_INPUT', 'name']);
  });

  it('refuses control characters in a CSV import (naming the line and column) and in the seeds', async () => {
    const file = Buffer.from('code,name,kind\nINPUT-CSV-1,Good,CIVIL_SOCIETY\nINPUT-CSV-2,"Bad\u0000name",CIVIL_SOCIETY\n');
    const report = await importCsv(t.services, 'actors', file);
    expect(report.imported).toBe(false);
    expect(report.problems).toEqual([{ line: 3, field: 'name', message: expect.stringContaining('U+0000') }]);
    const seeds = {
      documents: [],
      sources: [],
      recommendations: [],
      commitments: [],
      actors: [{ code: 'X', name: 'a\u0007', file: 'actors.json' }],
    };
    expect(checkText(seeds as any)).toEqual([expect.stringMatching(/^actors\.json X: name contains the control character U\+0007/)]);
  });
});

describe('operations and bodies', () => {
  it('answers a subscription sent over HTTP POST or GET with 400 BAD_USER_INPUT: it needs the WebSocket', async () => {
    const post = await t.gql(`subscription { commitmentStatusChanged { sequence } }`);
    expect(post.status).toBe(400);
    expect(codeOf(post)).toBe('BAD_USER_INPUT');
    expect(post.errors![0].message).toMatch(/WebSocket/);
    const get = await fetch(`${t.url}?query=${encodeURIComponent('subscription { progressLogged { sequence } }')}`);
    expect(get.status).toBe(400);
    expect(codeOf((await get.json()) as any)).toBe('BAD_USER_INPUT');
  });

  it('refuses bad operations and variables over the WebSocket as over HTTP: BAD_USER_INPUT, nothing logged as an error', async () => {
    const cases = [
      { query: 'query A { sources { totalCount } }', operationName: 'B' },
      { query: 'query A { sources { totalCount } } query B { sources { totalCount } }' },
      { query: 'query($n: Int) { sources(first: $n) { totalCount } }', variables: { n: 'x' } },
      { query: 'query($n: Int!) { sources(first: $n) { totalCount } }', variables: {} },
      { query: 'query($s: [SourceKind!]) { sources(filter: { kinds: $s }) { totalCount } }', variables: { s: ['NOPE'] } },
      { query: 'query($a: String) { commitments(after: $a) { totalCount } }', variables: { a: 'nope' } },
      { query: 'subscription($f: EventFilter) { progressLogged(filter: $f) { sequence } }', variables: { f: { countryCodes: 7 } } },
    ];
    for (const c of cases) {
      const ws = await overSocket(c);
      const http = (await (
        await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c) })
      ).json()) as any;
      expect([c.query, codeOf(ws)]).toEqual([c.query, 'BAD_USER_INPUT']);
      expect([c.query, codeOf(http)]).toEqual([c.query, 'BAD_USER_INPUT']);
    }
  });

  it('closes a socket that sends a message only the server may send (next, error) with 4400, not 1011', async () => {
    for (const type of ['next', 'error', 'connection_ack']) {
      const raw = new WebSocket(t.wsUrl, 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) => raw.on('close', (code) => resolve(code)));
      raw.on('open', () => raw.send(JSON.stringify({ type: 'connection_init' })));
      raw.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') raw.send(JSON.stringify({ type, id: '1', payload: {} }));
      });
      expect([type, await closed]).toEqual([type, 4400]);
    }
  });

  it('decodes gzip, deflate and br bodies; answers 415 for other encodings and charsets', async () => {
    const body = Buffer.from(JSON.stringify({ query: '{ sources { totalCount } }' }));
    const encoded = { gzip: zlib.gzipSync(body), deflate: zlib.deflateSync(body), br: zlib.brotliCompressSync(body) };
    for (const [encoding, data] of Object.entries(encoded)) {
      const res = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: data,
      });
      expect([encoding, res.status, ((await res.json()) as any).data]).toEqual([encoding, 200, { sources: { totalCount: 11 } }]);
    }
    const unknown = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' },
      body,
    });
    expect(unknown.status).toBe(415);
    expect(codeOf((await unknown.json()) as any)).toBe('BAD_USER_INPUT');
    const latin1 = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body });
    expect(latin1.status).toBe(415);
    expect(codeOf((await latin1.json()) as any)).toBe('BAD_USER_INPUT');
  });

  it('answers node(id:) with a type name such as __proto__ or constructor with null', async () => {
    for (const type of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const res = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from(`${type}:1`).toString('base64url') });
      expect([type, res.errors, res.data]).toEqual([type, undefined, { node: null }]);
    }
  });

  it('refuses a persisted query with a wrong hash with 400 BAD_USER_INPUT', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ sources { totalCount } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
    });
    expect(res.status).toBe(400);
    expect(codeOf((await res.json()) as any)).toBe('BAD_USER_INPUT');
  });

  it('names the field in graphql-js’s own type errors (a bad date, a bad enum, a missing input field)', async () => {
    const cases: [string, Record<string, unknown> | undefined, string][] = [
      ['{ commitments(filter: { dueBefore: "2012-13-40" }) { totalCount } }', undefined, 'dueBefore'],
      ['query($d: Date) { commitments(filter: { dueBefore: $d }) { totalCount } }', { d: '2012-13-40' }, 'dueBefore'],
      ['{ commitments(filter: { statuses: [NOPE] }) { totalCount } }', undefined, 'statuses'],
      ['query($f: CommitmentFilter) { commitments(filter: $f) { totalCount } }', { f: { statuses: ['NOPE'] } }, 'statuses'],
      [CREATE_ACTOR, { i: { code: 'X', kind: 'CIVIL_SOCIETY' } }, 'name'],
      [CREATE_ACTOR, { i: { code: 'X', name: 'x', kind: 'NGO' } }, 'kind'],
    ];
    for (const [query, variables, field] of cases) {
      const http = await t.gql(query, variables, token);
      expect([query, codeOf(http), fieldOf(http)]).toEqual([query, 'BAD_USER_INPUT', field]);
      const ws = await overSocket({ query, variables });
      expect([query, codeOf(ws), fieldOf(ws)]).toEqual([query, 'BAD_USER_INPUT', field]);
    }
  });
});

describe('filters', () => {
  const LISTS = [
    'sources(filter: null) { totalCount }',
    'recommendations(filter: null) { totalCount }',
    'commitments(filter: null) { totalCount }',
    'actors(filter: null) { totalCount }',
    'commitmentStats(groupBy: [STATUS], filter: null) { total }',
    'recommendationCoverage(filter: null) { total }',
  ];

  it('treats filter: null, literal or through a null variable, as no filter', async () => {
    const none = await t.gql(`{ sources { totalCount } recommendations { totalCount } commitments { totalCount } actors { totalCount } }`);
    for (const field of LISTS) {
      const res = await t.gql(`{ ${field} }`);
      expect([field, res.errors]).toEqual([field, undefined]);
    }
    const viaVariable = await t.gql(
      `query($r: RecommendationFilter, $c: CommitmentFilter, $a: ActorFilter, $s: SourceFilter) {
        sources(filter: $s) { totalCount } recommendations(filter: $r) { totalCount } commitments(filter: $c) { totalCount }
        actors(filter: $a) { totalCount } commitmentStats(groupBy: [STATUS], filter: $c) { total } recommendationCoverage(filter: $r) { total } }`,
      { r: null, c: null, a: null, s: null },
    );
    expect(viaVariable.errors).toBeUndefined();
    expect(viaVariable.data).toMatchObject(none.data);
  });

  it('caps every list argument at 1,000 values, naming the field (filters, variables, mutations, watches, exports)', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `S-${i}`);
    const filter = await t.gql(`query($c: [String!]) { commitments(filter: { sourceCodes: $c }) { totalCount } }`, { c: many });
    expect([filter.status, codeOf(filter), fieldOf(filter)]).toEqual([400, 'BAD_USER_INPUT', 'sourceCodes']);
    const huge = await t.gql(`query($f: CommitmentFilter) { commitments(filter: $f) { totalCount } }`, {
      f: { actorIds: Array.from({ length: 33_000 }, () => ids.actor) },
    });
    expect([codeOf(huge), fieldOf(huge)]).toEqual(['BAD_USER_INPUT', 'actorIds']);
    const literal = await t.gql(`{ actors(filter: { kinds: [${Array(1001).fill('STATE').join(' ')}] }) { totalCount } }`);
    expect([codeOf(literal), fieldOf(literal)]).toEqual(['BAD_USER_INPUT', 'kinds']);
    const mutation = await t.gql(
      CREATE_COMMITMENT,
      { i: { actorId: ids.actor, recommendationIds: Array(1001).fill(ids.rec), title: 't' } },
      token,
    );
    expect([codeOf(mutation), fieldOf(mutation)]).toEqual(['BAD_USER_INPUT', 'recommendationIds']);
    const watch = await overSocket({
      query: `mutation($f: EventFilter!) { watch(input: { name: "w", filter: $f }) { id } }`,
      variables: { f: { countryCodes: Array(1001).fill('IT') } },
    });
    expect([codeOf(watch), fieldOf(watch)]).toEqual(['BAD_USER_INPUT', 'countryCodes']);
    const exported = await fetch(t.url.replace('/graphql', `/export/commitments.csv?sourceCodes=${many.join(',')}`));
    expect(exported.status).toBe(400);
    expect(((await exported.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sourceCodes' });
  });

  it('refuses a search of "" or spaces (a search with nothing to find)', async () => {
    for (const field of ['recommendations', 'commitments', 'actors']) {
      for (const search of ['', '   ']) {
        const res = await t.gql(`query($s: String) { ${field}(filter: { search: $s }) { totalCount } }`, { s: search });
        expect([field, search, codeOf(res), fieldOf(res)]).toEqual([field, search, 'BAD_USER_INPUT', 'search']);
      }
    }
  });

  it('refuses unknown codes in filters, naming the field, on HTTP, the WebSocket, watches and exports; archived ones are known', async () => {
    const cases: [string, string][] = [
      ['commitments(filter: { countryCodes: ["Italy"] }) { totalCount }', 'countryCodes'],
      ['recommendations(filter: { countryCodes: ["ZZ"] }) { totalCount }', 'countryCodes'],
      ['actors(filter: { countryCodes: ["EU"] }) { totalCount }', 'countryCodes'],
      ['actors(filter: { countryCodes: ["SU"] }) { totalCount }', 'countryCodes'],
      ['actors(filter: { countryCodes: ["AC"] }) { totalCount }', 'countryCodes'],
      ['commitments(filter: { sourceCodes: ["NO-SUCH-SOURCE"] }) { totalCount }', 'sourceCodes'],
      ['commitmentStats(groupBy: [STATUS], filter: { recommendationCodes: ["NO-SUCH-REC"] }) { total }', 'recommendationCodes'],
      ['recommendationCoverage(filter: { sourceCodes: ["ROME-2012", "NOPE"] }) { total }', 'sourceCodes'],
    ];
    for (const [field, name] of cases) {
      const res = await t.gql(`{ ${field} }`);
      expect([field, res.status, codeOf(res), fieldOf(res)]).toEqual([field, 200, 'BAD_USER_INPUT', name]);
    }
    const known = await t.gql(`{ commitments(filter: { countryCodes: ["it", "XK"], sourceCodes: ["ROME-2012"] }) { totalCount } }`);
    expect(known.errors).toBeUndefined();

    const subscription = await overSocket({
      query: 'subscription { commitmentStatusChanged(filter: { countryCodes: ["ZZZ"] }) { sequence } }',
    });
    expect([codeOf(subscription), fieldOf(subscription)]).toEqual(['BAD_USER_INPUT', 'countryCodes']);
    const unknownSource = await overSocket({ query: 'subscription { progressLogged(filter: { sourceCodes: ["NOPE"] }) { sequence } }' });
    expect([codeOf(unknownSource), fieldOf(unknownSource)]).toEqual(['BAD_USER_INPUT', 'sourceCodes']);
    const liveStats = await overSocket({
      query: 'subscription { commitmentStatsChanged(groupBy: [STATUS], filter: { recommendationCodes: ["NOPE"] }) { total } }',
    });
    expect([codeOf(liveStats), fieldOf(liveStats)]).toEqual(['BAD_USER_INPUT', 'recommendationCodes']);

    const watch = await t.gql(`mutation { watch(input: { name: "w", filter: { countryCodes: ["ZZZ"] } }) { id } }`, {}, token);
    expect([codeOf(watch), fieldOf(watch)]).toEqual(['BAD_USER_INPUT', 'countryCodes']);

    for (const query of ['countryCodes=Italy', 'sourceCodes=NOPE', 'recommendationCodes=NOPE', 'search=a%00b', 'search=%20']) {
      const res = await fetch(t.url.replace('/graphql', `/export/commitments.json?${query}`));
      expect([query, res.status]).toEqual([query, 400]);
      expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: query.split('=')[0] });
    }

    // An archived source is still a known code (includeArchived may ask for it).
    const source = await idOf(t, 'source', 'RIO-2008');
    const archived = await t.gql(`mutation($id: ID!) { archiveSource(input: { id: $id }) { __typename } }`, { id: source }, token);
    expect(archived.errors).toBeUndefined();
    const stillKnown = await t.gql(`{ commitments(filter: { sourceCodes: ["RIO-2008"], includeArchived: true }) { totalCount } }`);
    expect(stillKnown.errors).toBeUndefined();
  });
});

describe('domain rules', () => {
  it('refuses an actor parent cycle (A → B → A, and longer) and writes nothing', async () => {
    const make = async (code: string, parentId?: string) =>
      (await t.gql(CREATE_ACTOR, { i: { code, name: code, kind: 'CIVIL_SOCIETY', parentId } }, token)).data.createActor.actor.id as string;
    const a = await make('CYCLE-A');
    const b = await make('CYCLE-B', a);
    const c = await make('CYCLE-C', b);
    const before = await rowCounts(t);
    for (const parentId of [b, c]) {
      const res = await t.gql(UPDATE_ACTOR, { i: { id: a, parentId } }, token);
      expect([codeOf(res), fieldOf(res)]).toEqual(['BAD_USER_INPUT', 'parentId']);
    }
    expect(await rowCounts(t)).toEqual(before);
  });

  it('refuses createCommitment with status WITHDRAWN (withdrawing takes an update with a reason)', async () => {
    const before = await rowCounts(t);
    const res = await t.gql(
      CREATE_COMMITMENT,
      { i: { actorId: ids.actor, recommendationIds: [ids.rec], title: 'x', status: 'WITHDRAWN' } },
      token,
    );
    expect([codeOf(res), fieldOf(res)]).toEqual(['BAD_USER_INPUT', 'status']);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('refuses a malformed cursor instead of answering an empty page', async () => {
    const cursors = [
      'nope',
      Buffer.from('["x","y"]').toString('base64url'),
      Buffer.from('[{},1]').toString('base64url'),
      Buffer.from('[1]').toString('base64url'),
    ];
    for (const after of cursors) {
      for (const list of ['commitments', 'recommendations', 'actors', 'sources']) {
        const res = await t.gql(`query($a: String) { ${list}(after: $a) { totalCount } }`, { a: after });
        expect([list, after, codeOf(res), fieldOf(res)]).toEqual([list, after, 'BAD_USER_INPUT', 'after']);
      }
      const nested = await t.gql(`query($a: String) { source(code: "ROME-2012") { recommendations(after: $a) { totalCount } } }`, {
        a: after,
      });
      expect([after, codeOf(nested)]).toEqual([after, 'BAD_USER_INPUT']);
    }
  });
});
