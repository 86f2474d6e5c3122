/** The address rules of webhooks (server-side request forgery), as pure functions. */
import { checkWebhookUrl, ipv6Groups, isAllowedHost, isForbiddenAddress } from '../src/domain/webhook-addresses';
import { resolveChecked, RefusedAddress } from '../src/webhooks/http';
import { nextAttemptAt, retryDelay, verdictOf, RETRY_WINDOW_MS } from '../src/domain/webhook-retries';

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '100.127.255.254',
    '224.0.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'febf::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '::ffff:c0a8:1',
    'not-an-address',
  ])('refuses %s', (address) => expect(isForbiddenAddress(address)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '100.128.0.1', '192.169.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => expect(isForbiddenAddress(address)).toBe(false),
  );

  it('expands IPv6 forms', () => {
    expect(ipv6Groups('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('::ffff:10.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a00, 1]);
    expect(ipv6Groups('fe80::1%eth0')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe('WEBHOOK_ALLOWED_HOSTS', () => {
  it('names a host (any port) or host:port', () => {
    expect(isAllowedHost(new URL('http://127.0.0.1:8080/x'), ['127.0.0.1'])).toBe(true);
    expect(isAllowedHost(new URL('http://127.0.0.1:8080/x'), ['127.0.0.1:8080'])).toBe(true);
    expect(isAllowedHost(new URL('http://127.0.0.1:8081/x'), ['127.0.0.1:8080'])).toBe(false);
    expect(isAllowedHost(new URL('https://hooks.internal/x'), ['hooks.internal:443'])).toBe(true);
    expect(isAllowedHost(new URL('http://[::1]:9000/x'), ['[::1]:9000'])).toBe(true);
    expect(isAllowedHost(new URL('http://[::1]:9000/x'), ['::1'])).toBe(true);
    expect(isAllowedHost(new URL('http://evil.example/x'), ['127.0.0.1'])).toBe(false);
  });

  it('lets http and private addresses through only for the hosts it names', () => {
    expect(checkWebhookUrl('http://127.0.0.1:8080/x', ['127.0.0.1:8080']).allowed).toBe(true);
    expect(() => checkWebhookUrl('http://127.0.0.1:8080/x', [])).toThrow(/must be https/);
    expect(() => checkWebhookUrl('https://127.0.0.1:8080/x', [])).toThrow(/private address/);
    expect(() => checkWebhookUrl('https://user:pw@hooks.example.org/x', [])).toThrow(/user name or password/);
    expect(checkWebhookUrl('https://8.8.8.8/x', []).allowed).toBe(false);
  });
});

describe('resolution', () => {
  it('checks every address a host resolves to, and keeps what it checked', async () => {
    await expect(resolveChecked('localhost', false)).rejects.toBeInstanceOf(RefusedAddress);
    await expect(resolveChecked('[::1]', false)).rejects.toBeInstanceOf(RefusedAddress);
    expect((await resolveChecked('localhost', true)).length).toBeGreaterThan(0);
    expect(await resolveChecked('8.8.8.8', false)).toEqual([{ address: '8.8.8.8', family: 4 }]);
  });
});

describe('retries', () => {
  it('retry network errors, timeouts, 5xx, 408 and 429; stop at other answers', () => {
    expect(verdictOf({ statusCode: null, error: 'ECONNREFUSED' })).toBe('RETRY');
    for (const s of [500, 502, 503, 408, 429]) expect(verdictOf({ statusCode: s, error: null })).toBe('RETRY');
    for (const s of [400, 401, 403, 404, 410, 301, 302]) expect(verdictOf({ statusCode: s, error: null })).toBe('STOP');
    for (const s of [200, 202, 204]) expect(verdictOf({ statusCode: s, error: null })).toBe('DELIVERED');
  });

  it('back off exponentially with jitter, capped, and give up after a day', () => {
    expect(retryDelay(1, () => 0)).toBe(30_000);
    expect(retryDelay(2, () => 0)).toBe(60_000);
    expect(retryDelay(3, () => 1)).toBe(144_000);
    expect(retryDelay(30, () => 0)).toBe(4 * 3600_000);
    const created = new Date('2026-01-01T00:00:00Z');
    expect(nextAttemptAt('RETRY', 1, created, created, () => 0)).toEqual(new Date(created.getTime() + 30_000));
    expect(nextAttemptAt('RETRY', 9, new Date(created.getTime() + RETRY_WINDOW_MS), created)).toBeNull();
    expect(nextAttemptAt('STOP', 1, created, created)).toBeNull();
  });
});
