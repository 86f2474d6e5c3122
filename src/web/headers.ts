/**
 * Security headers on every response: pages may run only scripts served by this server (no
 * inline script, no CDN), talk only to this server (HTTP and its WebSocket), and are never framed.
 */
import type { NextFunction, Request, Response } from 'express';

/** A Host header as it may appear in a CSP source (host, IPv4, [IPv6], optional port); anything else is left out. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The Content-Security-Policy for a request to `host`. `'self'` alone does not cover the
 * WebSocket in every browser, so ws: and wss: to the same host are named.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sameHostSockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${sameHostSockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // Tokens never travel in URLs, and no page leaks its own URL (a filtered view) to another site.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Express middleware: sets the headers above and the CSP on every response. */
export function securityHeaders() {
  return (req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host));
    next();
  };
}
