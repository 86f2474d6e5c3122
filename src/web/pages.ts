/**
 * The dashboard's pages: `/`, `/recommendations/:code` and `/commitments/:code`. Each is the same
 * small HTML shell naming its script module; the script reads everything through the public
 * GraphQL API (no private endpoint), so a page shows exactly what the API shows its reader. No
 * inline script or style: the Content-Security-Policy allows only this server's files.
 */
import type { Request, Response, Router } from 'express';
import { sendPage } from './page';
import { vendorUrl, webUrl } from './static';

/**
 * The modules each page loads, all named in the page so the browser fetches them in parallel
 * instead of discovering them one import at a time (a module imported twice runs once).
 */
const SHARED_MODULES = [
  webUrl('dom.js'),
  webUrl('session.js'),
  webUrl('api.js'),
  webUrl('page.js'),
  vendorUrl('graphql-ws', 'dist/client.js'),
  webUrl('live.js'),
];
const PAGE_MODULES = {
  dashboard: [...SHARED_MODULES, webUrl('filters.js'), webUrl('charts.js'), webUrl('dashboard.js')],
  record: [...SHARED_MODULES, webUrl('record.js')],
};

/** What every page shows before its script has read the API; nothing in it comes from the request. */
const BODY = `<a class="skip-link" href="#main">Skip to content</a>
<header class="site">
  <a class="brand" href="/">Follow-up Tracker</a>
  <nav aria-label="Site">
    <ul>
      <li><a href="/">Dashboard</a></li>
      <li><a href="/graphql">API explorer</a></li>
    </ul>
  </nav>
  <p id="live" role="status" data-state="connecting"><span class="dot" aria-hidden="true"></span>Connecting…</p>
  <div id="session"></div>
</header>
<main id="main" tabindex="-1" aria-busy="true">
  <p>Loading…</p>
  <noscript><p>This page needs JavaScript to read the API. The data itself is at <a href="/graphql">/graphql</a>.</p></noscript>
</main>
<div id="announcer" class="visually-hidden" aria-live="polite"></div>
<footer class="site">
  <p>Data from the Follow-up Tracker GraphQL API at <a href="/graphql">/graphql</a>; every number on these pages is a query you can run there.</p>
</footer>`;

function page(title: string, script: keyof typeof PAGE_MODULES) {
  return (_req: Request, res: Response) =>
    sendPage(res, { title, styles: [webUrl('style.css')], modules: PAGE_MODULES[script], body: BODY });
}

/** Adds the dashboard's pages to the web router (src/web/routes.ts). */
export function addDashboardPages(router: Router): void {
  router.get('/', page('Follow-up Tracker', 'dashboard'));
  router.get('/recommendations/:code', page('Recommendation · Follow-up Tracker', 'record'));
  router.get('/commitments/:code', page('Commitment · Follow-up Tracker', 'record'));
  // Browsers ask for /favicon.ico unless a page names an icon.
  router.get('/favicon.ico', (_req, res) => res.redirect(301, webUrl('favicon.svg')));
}
