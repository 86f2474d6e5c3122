/**
 * The web part of the server, in one place: static files, and the pages built on the API's own
 * GraphQL (no private endpoints). src/server/http.ts mounts this router before /graphql and
 * /export; add a page here with `router.get(path, handler)` (a handler calls sendPage of ./page.ts).
 */
import express from 'express';
import type { AppServices } from '../server/context';
import { vendorFiles, webFiles } from './static';
import { explorerPage } from './explorer';
import { addDashboardPages } from './pages';

export function webRoutes(services: AppServices): express.Router {
  const router = express.Router();
  router.use('/vendor', vendorFiles());
  router.use('/static', webFiles());

  // Pages: the explorer (a browser's GET /graphql) and the dashboard (/, /recommendations/:code,
  // /commitments/:code).
  router.get('/graphql', explorerPage(services.config));
  addDashboardPages(router);
  return router;
}
