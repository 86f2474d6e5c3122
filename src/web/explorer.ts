/**
 * GET /graphql from a browser (it prefers HTML, and asks no `query`): the explorer, GraphiQL's
 * prebuilt UMD build with React's, served by this server from node_modules (no CDN, no telemetry).
 * Its bootstrap script is web/explorer.js (the CSP allows no inline script); the settings it
 * needs travel as data attributes of <body>. Anything else on GET /graphql goes on to Apollo.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config';
import { EXPLORER_EXAMPLES } from './explorer-examples';
import { sendPage, wantsHtml } from './page';
import { vendorUrl, webUrl } from './static';

export const INTROSPECTION_OFF_NOTICE =
  'Introspection is off on this server (INTROSPECTION=false): the explorer has no schema documentation or autocompletion, but runs operations.';

export function explorerPage(config: Pick<Config, 'introspection'>) {
  const examples = JSON.stringify(EXPLORER_EXAMPLES);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!wantsHtml(req.headers.accept) || req.query.query !== undefined) return next();
    sendPage(res, {
      title: 'Follow-up Tracker — GraphQL explorer',
      styles: [vendorUrl('graphiql', 'graphiql.min.css'), webUrl('explorer.css')],
      scripts: [
        vendorUrl('react', 'umd/react.production.min.js'),
        vendorUrl('react-dom', 'umd/react-dom.production.min.js'),
        vendorUrl('graphql-ws', 'umd/graphql-ws.min.js'),
        vendorUrl('graphiql', 'graphiql.min.js'),
        webUrl('explorer.js'),
      ],
      data: { introspection: String(config.introspection), examples, introspectionOffNotice: INTROSPECTION_OFF_NOTICE },
      body: '<main id="explorer"><div id="graphiql">Loading the explorer…</div></main>',
    });
  };
}
