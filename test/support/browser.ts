/**
 * Browser tests: Debian's Chromium (`apt-get install chromium`; scripts/services.sh installs it)
 * driven by playwright-core, which downloads no browser of its own.
 *
 *   const browser = useBrowser();                      // launched once for the test file
 *   const { page, problems } = await openPage(browser(), t, '/graphql');
 *   ...
 *   expectNoProblems(problems);                         // no console error, no failed or off-site request
 *   await screenshot(page, 'explorer');                 // screenshots/explorer.png (git-ignored)
 *
 * Every request to a host other than the test server's (127.0.0.1/localhost) is blocked and
 * recorded: pages must work with the network unplugged.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestServer } from './server';
import { REPO } from './paths';

/** Debian's Chromium; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS_DIR = join(REPO, 'screenshots');

/** Browser tests start a browser on a loaded machine: give them time (waits stay event-driven). */
export const BROWSER_TEST_TIMEOUT_MS = 120_000;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the browser tests need Debian's chromium ` +
        `(run \`bash scripts/services.sh\`, or \`apt-get install -y chromium\`; CHROMIUM_PATH names another binary).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Root in a container: no user namespaces for the sandbox; /dev/shm may be small.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    timeout: BROWSER_TEST_TIMEOUT_MS,
  });
}

/** Launches the browser once for the test file (beforeAll) and closes it after (afterAll); call the result to get it. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, BROWSER_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('useBrowser(): the browser is not launched yet (call it inside a test)');
    return browser;
  };
}

export interface PageProblems {
  /** console.error messages and uncaught exceptions. */
  consoleErrors: string[];
  /** Requests that failed, or answered 4xx/5xx. */
  failedRequests: string[];
  /** Requests to any host but the test server's (blocked). */
  offsiteRequests: string[];
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  problems: PageProblems;
  /** The absolute URL of a path on the test server. */
  urlOf(path: string): string;
}

export interface OpenPageOptions {
  /** Wait for this load state before returning (default `load`). */
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle';
  /** Statuses that are expected and not a problem (e.g. a page that answers 404 on purpose). */
  expectedStatuses?: number[];
  viewport?: { width: number; height: number };
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Opens `path` of the test server in a fresh browser context (no shared storage between pages),
 * blocking every off-site request and collecting console errors and failed requests.
 */
export async function openPage(
  browser: Browser,
  server: Pick<TestServer, 'url'>,
  path: string,
  options: OpenPageOptions = {},
): Promise<OpenedPage> {
  const origin = new URL(server.url).origin;
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  const problems: PageProblems = { consoleErrors: [], failedRequests: [], offsiteRequests: [] };
  await context.route(
    (url) => !LOCAL_HOSTS.has(url.hostname),
    (route) => {
      problems.offsiteRequests.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  await context.routeWebSocket(
    (url) => !LOCAL_HOSTS.has(url.hostname),
    (ws) => {
      problems.offsiteRequests.push(ws.url());
      return ws.close();
    },
  );
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (!problems.offsiteRequests.includes(request.url())) {
      problems.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !options.expectedStatuses?.includes(response.status())) {
      problems.failedRequests.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
    }
  });
  const urlOf = (p: string) => new URL(p, origin).toString();
  await page.goto(urlOf(path), { waitUntil: options.waitUntil ?? 'load', timeout: BROWSER_TEST_TIMEOUT_MS });
  return { page, context, problems, urlOf };
}

/** Fails with every problem listed (an empty report passes). */
export function expectNoProblems(problems: PageProblems): void {
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [], offsiteRequests: [] });
}

/** Writes screenshots/<name>.png (the folder is git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}
