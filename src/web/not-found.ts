/**
 * What a path the server does not serve answers: a page for a browser (with the site's header and
 * a way back, under the pages' CSP), the GraphQL error shape for a program, status 404 either way.
 * Mounted after every route (src/server/http.ts); Express's own "Cannot GET" page is never seen.
 */
import type { Request, Response } from 'express';
import { httpErrorBody } from '../server/errors';
import { escapeHtml, sendPage, wantsHtml } from './page';
import { webUrl } from './static';

export const NOT_FOUND = 'NOT_FOUND';

export function notFound(req: Request, res: Response): void {
  const what = `${req.method} ${req.path}`;
  if (wantsHtml(req.headers.accept)) {
    return sendPage(
      res,
      {
        title: 'Not found · Follow-up Tracker',
        styles: [webUrl('style.css')],
        body: `<header class="site"><a class="brand" href="/">Follow-up Tracker</a></header>
<main id="main">
  <h1>Not found</h1>
  <p>Nothing is served at <code>${escapeHtml(req.path)}</code>.</p>
  <p>Go to the <a href="/">dashboard</a>, or ask the API at <a href="/graphql">/graphql</a>: a recommendation's page is at <code>/recommendations/&lt;code&gt;</code>, a commitment's at <code>/commitments/&lt;code&gt;</code>.</p>
</main>`,
      },
      404,
    );
  }
  res.status(404).json(httpErrorBody(`Nothing is served at ${what}: the API is POST or GET /graphql`, NOT_FOUND));
}
