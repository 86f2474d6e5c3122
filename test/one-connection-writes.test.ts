/**
 * A write's transaction holds one database connection: its lookups run one after the other. On
 * PostgreSQL, a query handed to a client that is still running another is queued by `pg` with a
 * DeprecationWarning (pg 9 will refuse it): the ids of a commitment's recommendations and links,
 * and of a source's organisers, were looked up all at once.
 */
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor } from './support/users';
import { Role } from '../src/domain/enums';

/** The `pg` module the server uses in this process (no types are installed: only its Client's query is needed). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require('pg') as { Client: { prototype: { query(this: { _queryQueue?: unknown[] }, ...args: unknown[]): unknown } } };

let t: TestServer;
let token: string;
/** Statements handed to a PostgreSQL client while another one waited in its queue: what pg warns about. */
const queuedBehind: string[] = [];

beforeAll(async () => {
  const query = pg.Client.prototype.query;
  jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: { _queryQueue?: unknown[] }, ...args: unknown[]) {
    if ((this._queryQueue?.length ?? 0) > 0) queuedBehind.push(String((args[0] as { text?: string })?.text ?? args[0]));
    return query.apply(this, args);
  });
  t = await startTestServer();
  token = await tokenFor(t, Role.SECRETARIAT);
});
afterAll(async () => {
  await t.stop();
  jest.restoreAllMocks();
});

describe('a write with several ids to look up', () => {
  it('creates a commitment with three recommendations and two links, and sets three organisers, with no query queued behind another', async () => {
    const recommendationIds = await Promise.all(
      ['RIO-2008-CALL-01', 'RIO-2008-CALL-02', 'RIO-2008-OBJ-01'].map((code) => idOf(t, 'recommendation', code)),
    );
    const linked = await Promise.all(['STOCKHOLM-1996-AGENDA-01', 'YOKOHAMA-2001-GC-01'].map((code) => idOf(t, 'recommendation', code)));
    const created = await t.gql(
      `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { recommendations { edges { kind node { code } } } } } }`,
      {
        i: {
          actorId: await idOf(t, 'actor', 'BR'),
          title: 'Three answers and two contributions',
          recommendationIds,
          links: linked.map((recommendationId) => ({ recommendationId, kind: 'CONTRIBUTES_TO' })),
        },
      },
      token,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createCommitment.commitment.recommendations.edges).toHaveLength(5);

    const organiserIds = await Promise.all(['BR', 'IT', 'UNICEF'].map((code) => idOf(t, 'actor', code)));
    const updated = await t.gql(
      `mutation($i: UpdateSourceInput!) { updateSource(input: $i) { source { organisers { code } } } }`,
      { i: { id: await idOf(t, 'source', 'RIO-2008'), organiserIds } },
      token,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateSource.source.organisers.map((a: { code: string }) => a.code).sort()).toEqual(['BR', 'IT', 'UNICEF']);

    // On SQLite nothing is recorded: the check is PostgreSQL's.
    expect(queuedBehind).toEqual([]);
  });
});
