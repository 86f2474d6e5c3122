/**
 * GET /export/{recommendations,commitments,progress-updates,status-history,assessments}.{csv,json}:
 * the filtered list as a file download,
 * streamed batch by batch. Query parameters are the GraphQL filter's fields; the caller is
 * resolved as for GraphQL (a bad token, or no token while public read is off, is 401).
 */
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { AppServices } from '../server/context';
import { httpErrorBody } from '../server/errors';
import { resolveCaller } from '../auth/caller';
import { dayOf } from '../domain/dates';
import { filterFromParams } from './params';
import { checkFilter } from '../domain/filters';
import { knownCodesIn } from '../queries/codes';
import { EXPORT_KINDS, exportRows, type ExportKind } from './rows';
import { csvEncoder, jsonEncoder } from './encode';

const FORMATS: Record<string, { contentType: string; encoder: (kind: ExportKind<object>) => Transform }> = {
  csv: { contentType: 'text/csv; charset=utf-8', encoder: (kind) => csvEncoder(kind.columns) },
  json: { contentType: 'application/json; charset=utf-8', encoder: () => jsonEncoder() },
};

const STATUS_OF_CODE: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/** Client errors answer in GraphQL's shape, with their extensions (e.g. `field`). */
function sendError(res: Response, err: GraphQLError): void {
  const { http: _http, code, ...extensions } = err.extensions as Record<string, unknown>;
  const body = httpErrorBody(err.message, String(code));
  res
    .status(STATUS_OF_CODE[String(code)] ?? 500)
    .json({ errors: body.errors.map((e) => ({ ...e, extensions: { ...e.extensions, ...extensions } })) });
}

async function* counting<T>(rows: AsyncIterable<T>, sent: { rows: number }): AsyncIterable<T> {
  for await (const row of rows) {
    sent.rows++;
    yield row;
  }
}

export function exportRouter(services: AppServices): Router {
  const router = Router();
  for (const kind of EXPORT_KINDS) {
    for (const [extension, format] of Object.entries(FORMATS)) {
      router.get(`/${kind.name}.${extension}`, async (req: Request, res: Response) => {
        const started = process.hrtime.bigint();
        const today = services.clock.now();
        let rows;
        let log = services.logger.child({ requestId: res.locals.requestId });
        try {
          const user = await resolveCaller(services, req.headers.authorization);
          res.locals.userId = user?.id;
          log = log.child({ userId: user?.id });
          const filter = filterFromParams(kind.filterType, new URL(req.originalUrl, 'http://export').searchParams);
          const knex = services.orm.em.fork().getKnex('read');
          // The same check as the GraphQL filters' (list sizes, text, country and other codes).
          await checkFilter(filter, knownCodesIn(knex));
          rows = exportRows(knex, kind, filter, today);
        } catch (err) {
          if (err instanceof GraphQLError && STATUS_OF_CODE[String(err.extensions.code)]) return sendError(res, err);
          throw err;
        }
        res.status(200);
        res.setHeader('Content-Type', format.contentType);
        res.setHeader('Content-Disposition', `attachment; filename="${kind.name}-${dayOf(today)}.${extension}"`);
        const sent = { rows: 0 };
        try {
          await pipeline(Readable.from(counting(rows, sent)), format.encoder(kind), res);
          log.info(
            { export: kind.name, format: extension, rows: sent.rows, durationMs: Number(process.hrtime.bigint() - started) / 1e6 },
            'export',
          );
        } catch (err) {
          // Headers are gone: the client sees a cut-off download; the log says why.
          log.warn({ err, export: kind.name, rows: sent.rows }, 'export interrupted');
        }
      });
    }
  }
  return router;
}
