/** The web platform over HTTP: security headers on every response, static files from web/ and pinned packages, no way out of their folders. */
import { request } from 'node:http';
import { startTestServer, type TestServer } from './support/server';
import { contentSecurityPolicy } from '../src/web/headers';

let t: TestServer;
let origin: string;
beforeAll(async () => {
  t = await startTestServer({ seeded: false });
  origin = new URL(t.url).origin;
});
afterAll(() => t.stop());

/** A raw GET (fetch would normalise `..` away before sending it). */
async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${origin}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

async function rawGet(path: string, headers: Record<string, string> = {}): Promise<number> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function expectSecurityHeaders(headers: Headers) {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  expect(csp).toContain(`connect-src 'self' ws://${new URL(origin).host} wss://${new URL(origin).host}`);
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
}

describe('security headers', () => {
  it('are on every response: files, GraphQL, health, not found', async () => {
    for (const path of ['/static/pages.css', '/vendor/react/umd/react.production.min.js', '/healthz']) {
      expectSecurityHeaders((await get(path)).headers);
    }
    expectSecurityHeaders((await get('/no/such/page')).headers);
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expectSecurityHeaders(res.headers);
  });

  it('leave out a Host header that is not a plain host', async () => {
    expect(contentSecurityPolicy('evil.example; script-src *')).toContain("connect-src 'self';");
    expect(contentSecurityPolicy('127.0.0.1:4000')).toContain("connect-src 'self' ws://127.0.0.1:4000 wss://127.0.0.1:4000;");
  });
});

describe('a path nothing is served at', () => {
  it("shows a browser a page of the site, with a way back, under the pages' policy", async () => {
    const res = await fetch(`${origin}/no/such/<page>`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(res.headers);
    const html = await res.text();
    expect(html).toContain('<h1>Not found</h1>');
    expect(html).toContain('<code>/no/such/%3Cpage%3E</code>');
    expect(html).toContain('<a href="/">dashboard</a>');
    expect(html).not.toMatch(/<script|Cannot GET/);
  });

  it("answers a program in the API's error shape, with a stable code", async () => {
    for (const [method, path] of [
      ['GET', '/no/such/page'],
      ['POST', '/api'],
      ['DELETE', '/healthz/x'],
    ]) {
      const res = await fetch(`${origin}${path}`, { method, headers: { accept: 'application/json' } });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      const body = (await res.json()) as { errors: unknown[] };
      expect(body.errors).toEqual([
        { message: `Nothing is served at ${method} ${path}: the API is POST or GET /graphql`, extensions: { code: 'NOT_FOUND' } },
      ]);
    }
  });
});

describe('static files', () => {
  it('serves web/ with its content type, revalidated on each load', async () => {
    const css = await get('/static/pages.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('no-cache');
    const etag = css.headers.get('etag');
    expect(etag).toBeTruthy();
    // Not with fetch: a conditional fetch also sends Cache-Control: no-cache, which asks for the whole file.
    expect(await rawGet('/static/pages.css', { 'if-none-match': etag! })).toBe(304);
  });

  it('serves the pinned packages’ browser builds, cached', async () => {
    const react = await get('/vendor/react/umd/react.production.min.js');
    expect(react.status).toBe(200);
    expect(react.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(react.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(react.body).toContain('React');
    const ws = await get('/vendor/graphql-ws/umd/graphql-ws.min.js');
    expect(ws.status).toBe(200);
  });

  it('answers 404 outside the allowed packages and file types, and for any way out of a folder', async () => {
    for (const path of [
      '/vendor/express/index.js', // not a listed package
      '/vendor/react/index.js.txt',
      '/vendor/react/', // a directory
      '/static/', // a directory
      '/static/no-such.css',
      '/vendor/react/LICENSE', // no file type
      '/static/.hidden.css',
    ]) {
      expect([path, (await get(path)).status]).toEqual([path, 404]);
    }
    for (const path of [
      '/static/../package.json',
      '/static/..%2fpackage.json',
      '/static/%2e%2e/package.json',
      '/static/%2e%2e%2fsrc%2fmain.ts',
      '/vendor/react/../../package.json',
      '/vendor/react/..%2f..%2fpackage.json',
      '/vendor/react/%2e%2e/%2e%2e/package.json',
      '/vendor/react/..%5c..%5cpackage.json',
      '/static/%00pages.css',
      '/static/%E0%A4%A.css',
    ]) {
      expect([path, await rawGet(path)]).toEqual([path, 404]);
    }
  });

  it('serves nothing but GET and HEAD', async () => {
    const res = await fetch(`${origin}/static/pages.css`, { method: 'POST' });
    expect(res.status).toBe(404);
    const head = await fetch(`${origin}/static/pages.css`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});
