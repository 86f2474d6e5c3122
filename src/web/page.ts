/**
 * The HTML shell of every page: styles and scripts by URL only (the CSP allows no inline
 * script), settings for the page's script as data attributes of <body>, text escaped.
 */
import type { Response } from 'express';

export interface PageOptions {
  title: string;
  /** Stylesheet URLs (webUrl/vendorUrl of ./static.ts). */
  styles?: string[];
  /** Classic script URLs, run in order (deferred). */
  scripts?: string[];
  /** ES module script URLs. */
  modules?: string[];
  /** Values for the page's script, as `data-*` attributes of <body> (read with document.body.dataset). */
  data?: Record<string, string>;
  /** The body's HTML, already escaped (use escapeHtml for text). */
  body?: string;
  lang?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** `data-some-key` for `someKey`, as dataset maps them back. */
const dataAttribute = (key: string) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function renderPage(options: PageOptions): string {
  const attr = escapeHtml;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    ...(options.styles ?? []).map((href) => `<link rel="stylesheet" href="${attr(href)}">`),
    ...(options.scripts ?? []).map((src) => `<script defer src="${attr(src)}"></script>`),
    ...(options.modules ?? []).map((src) => `<script type="module" src="${attr(src)}"></script>`),
  ];
  const data = Object.entries(options.data ?? {})
    .map(([key, value]) => ` ${dataAttribute(key)}="${attr(value)}"`)
    .join('');
  return `<!doctype html>\n<html lang="${attr(options.lang ?? 'en')}">\n<head>\n${head.join('\n')}\n</head>\n<body${data}>\n${options.body ?? ''}\n</body>\n</html>\n`;
}

/** Sends a page: HTML, never cached (it may show data that changes), security headers set by ./headers.ts. */
export function sendPage(res: Response, options: PageOptions, status = 200): void {
  res.status(status).setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.send(renderPage(options));
}

/** Whether a GET comes from a browser navigating to a page (it prefers HTML to JSON). */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html !== -1 && (json === -1 || html < json);
}
