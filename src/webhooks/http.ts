/**
 * One webhook POST, safe against server-side request forgery: the host is resolved here, every
 * address it resolves to is checked (src/domain/webhook-addresses.ts), and the socket connects
 * to the checked address (a custom `lookup`), so a DNS answer that changes between the check and
 * the connection cannot lead elsewhere. Redirects are never followed. The timeout runs on the
 * injected clock, so tests make a receiver time out without waiting.
 */
import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { Clock } from '../domain/clock';
import { bareHost, isForbiddenAddress, type CheckedUrl } from '../domain/webhook-addresses';

export interface PostResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export class RefusedAddress extends Error {
  constructor(
    message: string,
    /** The forbidden address the host resolved to (none when it resolved to nothing). */
    readonly address: string | null = null,
  ) {
    super(message);
  }
}

/** Resolves `host` and refuses it when any of its addresses is forbidden (unless allowed). */
export async function resolveChecked(host: string, allowed: boolean): Promise<{ address: string; family: number }[]> {
  const bare = bareHost(host);
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await dns.promises.lookup(bare, { all: true, verbatim: true });
  if (!addresses.length) throw new RefusedAddress(`${host} resolves to no address`);
  const forbidden = allowed ? undefined : addresses.find((a) => isForbiddenAddress(a.address));
  if (forbidden)
    throw new RefusedAddress(`${host} resolves to ${forbidden.address}, a loopback, link-local or private address`, forbidden.address);
  return addresses;
}

/** net's `lookup` hook: resolve, check, and hand the socket the checked address. */
function checkedLookup(allowed: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked(hostname, allowed).then(
      (addresses) => {
        const wanted = options.family === 6 || options.family === 4 ? addresses.filter((a) => a.family === options.family) : addresses;
        const list = wanted.length ? wanted : addresses;
        if (options.all) (callback as unknown as (e: null, a: typeof list) => void)(null, list);
        else callback(null, list[0].address, list[0].family);
      },
      (err: Error) => callback(Object.assign(err, { code: 'EREFUSED' }) as NodeJS.ErrnoException, '', 0),
    );
  };
}

export async function postWebhook(
  target: CheckedUrl,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; clock: Clock },
): Promise<PostResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  const { url, allowed } = target;
  // An IP literal never goes through `lookup`: check it here.
  const literal = bareHost(url.hostname);
  if (isIP(literal) && !allowed && isForbiddenAddress(literal)) return done(null, `refused: ${literal} is not a public address`);
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      cancelTimeout();
      resolve(result);
    };
    const req = send(url, {
      method: 'POST',
      agent: false,
      lookup: checkedLookup(allowed),
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
    });
    const cancelTimeout = options.clock.schedule(() => {
      finish(done(null, `timed out after ${options.timeoutMs} ms`));
      req.destroy();
    }, options.timeoutMs);
    req.on('response', (res) => {
      const status = res.statusCode ?? null;
      const location = res.headers.location;
      res.resume();
      res.on('error', () => {});
      const error =
        status !== null && status >= 300 && status < 400
          ? `redirect to ${location ?? '(no Location)'} not followed`
          : status !== null && (status < 200 || status >= 300)
            ? `HTTP ${status}`
            : null;
      finish(done(status, error));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const message =
        err instanceof RefusedAddress || err.code === 'EREFUSED' ? `refused: ${err.message}` : `${err.code ?? 'error'}: ${err.message}`;
      finish(done(null, message.slice(0, 500)));
    });
    req.end(body);
  });
}
