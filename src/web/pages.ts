/**
 * The dashboard's pages: `/`, `/recommendations/:code` and `/commitments/:code`. Each is the same
 * small HTML shell naming its script module; the script reads everything through the public
 * GraphQL API (no private endpoint), so a page shows exactly what the API shows its reader. No
 * inline script or style: the Content-Security-Policy allows only this server's files.
 */
import { Router, type Request, type Response } from 'express';

/** Where the `web/` folder is served (see src/web/static.ts). */
export const WEB_PREFIX = '/web';

/** The modules each page loads, preloaded so the browser fetches them in parallel, not one import at a time. */
const SHARED_MODULES = ['api.js', 'dom.js', 'session.js', 'page.js', 'live.js'];
const PAGE_MODULES = {
  dashboard: ['dashboard.js', 'filters.js', 'charts.js', ...SHARED_MODULES],
  record: ['record.js', ...SHARED_MODULES],
};

interface Shell {
  title: string;
  script: keyof typeof PAGE_MODULES;
}

/** The page shell; nothing in it comes from the request, so nothing needs escaping. */
export function shellHtml({ title, script }: Shell): string {
  const [entry, ...imports] = PAGE_MODULES[script];
  const preloads = imports.map((file) => `  <link rel="modulepreload" href="${WEB_PREFIX}/${file}">`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <meta name="description" content="Follow-up of the commitments made in answer to recommendations on ending the sexual exploitation and abuse of children.">
  <link rel="icon" href="${WEB_PREFIX}/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="${WEB_PREFIX}/style.css">
${preloads}
  <script type="module" src="${WEB_PREFIX}/${entry}"></script>
</head>
<body>
  <a class="skip-link" href="#main">Skip to content</a>
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
  </footer>
</body>
</html>
`;
}

function send(shell: Shell) {
  const html = shellHtml(shell);
  return (_req: Request, res: Response) => {
    // The shell is tiny and names the current scripts: always revalidated.
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(html);
  };
}

export function pagesRouter(): Router {
  const router = Router();
  router.get('/', send({ title: 'Follow-up Tracker', script: 'dashboard' }));
  router.get('/recommendations/:code', send({ title: 'Recommendation · Follow-up Tracker', script: 'record' }));
  router.get('/commitments/:code', send({ title: 'Commitment · Follow-up Tracker', script: 'record' }));
  return router;
}
