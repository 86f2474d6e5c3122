/**
 * Where webhooks may be sent (server-side request forgery): only https, and never to loopback,
 * link-local, private or otherwise non-public addresses, unless WEBHOOK_ALLOWED_HOSTS names the
 * host (`host` or `host:port`), which also allows http to it. The address is checked after DNS
 * resolution, and the connection goes to the address checked (src/webhooks/http.ts).
 */
import { isIP } from 'node:net';
import { badInput } from './errors';

/** IPv4 ranges no webhook goes to: this network, private, shared (CGNAT), loopback, link-local, multicast, reserved. */
const FORBIDDEN_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const v4ToInt = (address: string): number => address.split('.').reduce((n, part) => n * 256 + Number(part), 0);

function forbiddenV4(address: string): boolean {
  const value = v4ToInt(address);
  return FORBIDDEN_V4.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    return value >= start && value < start + size;
  });
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a trailing dotted IPv4 expanded). */
export function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    text = text.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const first = parse(head);
  const last = parse(tail);
  const middle = tail === undefined ? [] : new Array(8 - first.length - last.length).fill(0);
  return [...first, ...middle, ...last];
}

function forbiddenV6(address: string): boolean {
  const g = ipv6Groups(address);
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): the IPv4 rules decide.
  if (zeros(5) && (g[5] === 0xffff || g[5] === 0) && (g[6] !== 0 || g[7] > 1)) {
    return forbiddenV4(`${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`);
  }
  if (zeros(7) && (g[7] === 0 || g[7] === 1)) return true; // :: and ::1
  if ((g[0] & 0xfe00) === 0xfc00) return true; // fc00::/7, unique local
  if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10, link-local
  if ((g[0] & 0xffc0) === 0xfec0) return true; // fec0::/10, the former site-local
  if ((g[0] & 0xff00) === 0xff00) return true; // ff00::/8, multicast
  if (g[0] === 0x64 && g[1] === 0xff9b) return forbiddenV4(`${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`); // NAT64
  return false;
}

/** Whether an IP address is loopback, link-local, private or otherwise not a public unicast address. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address.split('%')[0]);
  if (family === 4) return forbiddenV4(address);
  if (family === 6) return forbiddenV6(address);
  return true;
}

/** A URL's host without IPv6 brackets, lower case. */
export const bareHost = (hostname: string): string => hostname.replace(/^\[|\]$/g, '').toLowerCase();

const defaultPort = (url: URL): string => url.port || (url.protocol === 'https:' ? '443' : '80');

/** Whether WEBHOOK_ALLOWED_HOSTS names the URL's host (`host` alone: any port; `host:port`: that port). */
export function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const host = bareHost(url.hostname);
  const port = defaultPort(url);
  return allowedHosts.some((entry) => {
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+)(?::(\d+))?$/.exec(entry);
    if (!m) return bareHost(entry) === host; // a bare IPv6 address
    return bareHost(m[1]) === host && (!m[2] || m[2] === port);
  });
}

export interface CheckedUrl {
  url: URL;
  /** Named by WEBHOOK_ALLOWED_HOSTS: http and private addresses are allowed. */
  allowed: boolean;
}

/** Checks a webhook URL before any lookup: its form, its scheme and, for an IP literal, its address. */
export function checkWebhookUrl(text: string, allowedHosts: readonly string[], field = 'url'): CheckedUrl {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw badInput(field, `${field} is not a valid URL`);
  }
  if (text.length > 2000) throw badInput(field, `${field} is longer than 2000 characters`);
  if (url.username || url.password) throw badInput(field, `${field} must not hold a user name or password`);
  const allowed = isAllowedHost(url, allowedHosts);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) {
    throw badInput(field, `${field} must be https (http only to a host WEBHOOK_ALLOWED_HOSTS names)`);
  }
  const host = bareHost(url.hostname);
  if (!allowed && isIP(host) && isForbiddenAddress(host)) throw badInput(field, forbiddenMessage(field, host));
  return { url, allowed };
}

export const forbiddenMessage = (field: string, address: string) =>
  `${field} leads to ${address}, a loopback, link-local or private address; webhooks go only to public addresses unless WEBHOOK_ALLOWED_HOSTS names the host`;
