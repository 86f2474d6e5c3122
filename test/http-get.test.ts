/**
 * GET /graphql (issue 9): authentication is by bearer token only, so a GET query runs without a
 * preflight header; mutations are never run over GET; POST keeps Apollo's CSRF protection.
 */
import { startTestServer, type TestServer } from './support/server';
import { tokenFor } from './support/users';
import { Role } from '../src/domain/enums';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const getUrl = (query: string, variables?: object) =>
  `${t.url}?query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ''}`;

describe('GET /graphql', () => {
  it('runs a query, with variables and a bearer token, without any preflight header', async () => {
    const anonymous = await fetch(getUrl('{ sources { totalCount } }'));
    expect(anonymous.status).toBe(200);
    expect(((await anonymous.json()) as any).data.sources.totalCount).toBeGreaterThan(0);
    const token = await tokenFor(t, Role.SECRETARIAT);
    const withToken = await fetch(getUrl('query($code: String!) { source(code: $code) { code } viewer { role } }', { code: 'ROME-2012' }), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await withToken.json()).toEqual({ data: { source: { code: 'ROME-2012' }, viewer: { role: 'SECRETARIAT' } } });
  });

  it('never runs a mutation', async () => {
    const token = await tokenFor(t, Role.ADMIN);
    const res = await fetch(
      getUrl('mutation { createSource(input: { code: "GET-1", name: "Over GET", kind: CONFERENCE }) { source { code } } }'),
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(res.status).toBe(405);
    expect((await t.gql('{ source(code: "GET-1") { code } }')).data.source).toBeNull();
  });

  it('keeps CSRF protection for POST: a simple request without a preflight header is refused', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].message).toMatch(/CSRF/);
  });
});
