/** The README's curl examples stay true: each GraphQL body is valid JSON and runs without errors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './support/server';
import { idOf, tokenFor } from './support/users';
import { REPO } from './support/paths';
import { Role } from '../src/domain/enums';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const examples = [...README.matchAll(/curl -s http:\/\/127\.0\.0\.1:4000\/graphql [^\n]*?-d '(\{[^\n]*\})'/g)].map((m) => m[1]);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

describe('README examples', () => {
  it('are found', () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
  });

  it('run in order without errors (writes as a secretariat user on a seeded commitment)', async () => {
    const token = await tokenFor(t, Role.SECRETARIAT);
    const commitmentId = await idOf(t, 'commitment', 'IT-DEO-NATIONAL-CARE-GUIDELINES');
    for (const example of examples) {
      const body = JSON.parse(example.replace(/<commitment id>/g, commitmentId));
      const res = await t.gql(body.query, body.variables, token);
      expect([body.query.slice(0, 60), res.errors]).toEqual([body.query.slice(0, 60), undefined]);
      expect(res.data).toBeTruthy();
    }
  });
});
