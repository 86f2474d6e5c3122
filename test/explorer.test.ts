/**
 * The explorer at GET /graphql: served from this server only (every other host blocked), it
 * loads the schema, runs a query and a subscription over the same WebSocket, and says when
 * introspection is off. HTTP checks first, then a real Chromium (test/support/browser.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print } from 'graphql';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from './support/server';
import { BROWSER_TEST_TIMEOUT_MS, expectNoProblems, openPage, screenshot, useBrowser } from './support/browser';
import { idOf, tokenFor } from './support/users';
import { REPO } from './support/paths';
import { Role } from '../src/domain/enums';
import { EXPLORER_EXAMPLES } from '../src/web/explorer-examples';
import { INTROSPECTION_OFF_NOTICE } from '../src/web/explorer';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

let t: TestServer;
const browser = useBrowser();
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('GET /graphql', () => {
  it('serves the explorer to a browser: no inline script, every script and style from this server', async () => {
    const res = await fetch(t.url, { headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    for (const [, attributes, body] of scripts) {
      expect(body).toBe('');
      expect(attributes).toMatch(/ src="\/(vendor|static)\//);
    }
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    for (const asset of assets) expect([asset, (await fetch(new URL(asset, t.url))).status]).toEqual([asset, 200]);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('still answers GraphQL over GET, and JSON clients get JSON', async () => {
    const query = encodeURIComponent('{ sources { totalCount } }');
    const fromBrowser = await fetch(`${t.url}?query=${query}`, { headers: HTML });
    expect(fromBrowser.status).toBe(200);
    expect(((await fromBrowser.json()) as any).data.sources.totalCount).toBeGreaterThan(0);
    const bare = await fetch(t.url, { headers: { accept: 'application/json' } });
    expect(bare.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('opens with the README’s queries, one mutation and one subscription', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    // The README's public queries (those sent without a token): the explorer opens signed out.
    const readmeQueries = [...readme.matchAll(/curl -s http:\/\/127\.0\.0\.1:4000\/graphql [^\n]*?-d '(\{[^\n]*\})'/g)]
      .filter((m) => !/authorization:/i.test(m[0]))
      .map((m) => JSON.parse(m[1]).query as string)
      .filter((q) => q.trim().startsWith('{'))
      .map((q) => print(parse(q)));
    const examples = EXPLORER_EXAMPLES.map((e) => print(parse(e.query)));
    expect(readmeQueries.length).toBeGreaterThanOrEqual(5);
    for (const query of readmeQueries) expect(examples).toContain(query);
    const kinds = EXPLORER_EXAMPLES.map((e) => parse(e.query).definitions[0]).map((d: any) => d.operation);
    expect(kinds.filter((k) => k === 'mutation')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'subscription')).toHaveLength(1);
  });
});

/** Waits until GraphiQL's result pane shows `text` (its editor splits lines into tokens: read its whole text). */
async function waitForResult(page: Page, text: string) {
  await page.waitForFunction(
    // Runs in the page (no DOM types in the tests' compilation).
    (expected) => ((globalThis as any).document.querySelector('.graphiql-response')?.innerText ?? '').includes(expected),
    text,
    { timeout: BROWSER_TEST_TIMEOUT_MS, polling: 200 },
  );
}

async function runTab(page: Page, title: RegExp) {
  await page.getByRole('tab', { name: title }).click();
  await page.locator('.graphiql-execute-button').click();
}

describe('the explorer in Chromium', () => {
  it('loads offline, shows the schema, runs a query and a subscription over the same WebSocket', async () => {
    const { page, problems } = await openPage(browser(), t, '/graphql');
    await page.locator('.graphiql-container').waitFor();

    // The schema is loaded (documentation explorer).
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.getByText('A GraphQL schema provides a root type for each kind of operation.').waitFor();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();

    // The first tab (a README query) runs and shows its result.
    await page.locator('.graphiql-execute-button').click();
    await waitForResult(page, '"recommendation"');
    await waitForResult(page, '"section"');

    // The subscription runs over the WebSocket; a status change made over HTTP shows up.
    await runTab(page, /commitmentStatusChanged|LiveStatusChanges/);
    await waitForSubscribers(1);
    const token = await tokenFor(t, Role.SECRETARIAT);
    const res = await t.gql(
      `mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { commitment { code } } }`,
      {
        i: {
          actorId: await idOf(t, 'actor', 'IT-DEO'),
          recommendationIds: [await idOf(t, 'recommendation', 'ROME-2012-PREV-01')],
          title: 'Seen in the explorer',
        },
      },
      token,
    );
    expect(res.errors).toBeUndefined();
    await waitForResult(page, res.data.createCommitment.commitment.code);

    await screenshot(page, 'explorer');
    expectNoProblems(problems);
    await page.context().close();
  });

  it('says so when introspection is off, and still runs queries', async () => {
    const closed = await startTestServer({ config: { introspection: false } });
    try {
      const { page, problems } = await openPage(browser(), closed, '/graphql');
      await page.getByRole('status').getByText(INTROSPECTION_OFF_NOTICE).waitFor();
      await page.locator('.graphiql-execute-button').click();
      await waitForResult(page, '"section"');
      expectNoProblems(problems);
      await page.context().close();
    } finally {
      await closed.stop();
    }
  });
});

/** Waits (generously: polling, no timing assumed) until the server has registered `count` event subscribers. */
async function waitForSubscribers(count: number) {
  for (let i = 0; i < 1200 && t.server.subscriberCount() < count; i++) await new Promise((r) => setTimeout(r, 50));
  expect(t.server.subscriberCount()).toBeGreaterThanOrEqual(count);
}
