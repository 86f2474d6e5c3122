/**
 * The read bench's floor: node:http and the `sqlite3` package, hand-written SQL and JSON for the
 * bench's queries, no GraphQL. It answers `POST /` with `{ "query": name, "first": n }` in the
 * shape the API gives (`{ data: ... }`), so the bench can check both answer the same.
 * Run as its own process (`node raw-sql-server.js <database> <port>`) so its CPU can be read apart.
 */
import { createServer } from 'node:http';
import sqlite3 from 'sqlite3';

type Row = Record<string, any>;
const STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN'];
const CLOSED = `('IMPLEMENTED', 'WITHDRAWN')`;

const [databasePath, portArg] = process.argv.slice(2);
const db = new sqlite3.Database(databasePath, sqlite3.OPEN_READONLY);

const all = (sql: string, params: unknown[] = []) =>
  new Promise<Row[]>((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as Row[]))));
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const edges = <T>(nodes: T[]) => ({ edges: nodes.map((node) => ({ node })) });
const today = () => new Date().toISOString().slice(0, 10);

/** Children of each parent, `size` per parent in `order`, grouped by parent id. */
async function windows(sql: string, parentIds: number[], size: number): Promise<Map<number, Row[]>> {
  const rows = parentIds.length
    ? await all(`select * from (${sql.replace('$IDS', marks(parentIds.length))}) where w <= ? order by parent, w`, [...parentIds, size])
    : [];
  const byParent = new Map<number, Row[]>();
  for (const row of rows) byParent.set(row.parent, [...(byParent.get(row.parent) ?? []), row]);
  return byParent;
}

const queries: Record<string, (first: number) => Promise<unknown>> = {
  async sources(first) {
    const rows = await all(
      `select code, name from source where archived_at is null order by coalesce(start_date, '9999') || ' ' || code limit ?`,
      [first],
    );
    return { sources: edges(rows) };
  },

  async commitmentsPage(first) {
    const rows = await all(
      `select c.id, c.code, a.code as actor from commitment c join actor a on a.id = c.actor_id
       where c.archived_at is null order by c.code limit ?`,
      [first],
    );
    const recs = await windows(
      `select cr.commitment_id as parent, r.code, row_number() over (partition by cr.commitment_id order by r.code, r.id) as w
       from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id
       where cr.commitment_id in ($IDS) and r.archived_at is null`,
      rows.map((r) => r.id),
      20,
    );
    return {
      commitments: edges(
        rows.map((r) => ({
          code: r.code,
          actor: { code: r.actor },
          recommendations: edges((recs.get(r.id) ?? []).map((x) => ({ code: x.code }))),
        })),
      ),
    };
  },

  async stats() {
    const rows = await all(
      `with f as (select c.id from commitment c where c.archived_at is null)
       select s.code as v0, c.status as v1, count(distinct c.id) as n, (select count(*) from f) as total
       from f join commitment c on c.id = f.id
         left join commitment_recommendations cr on cr.commitment_id = c.id
         left join recommendation r on r.id = cr.recommendation_id left join source s on s.id = r.source_id
       group by v0, v1 order by n desc, v0 is null, v0, v1 is null, v1`,
    );
    return {
      commitmentStats: {
        total: rows[0]?.total ?? 0,
        buckets: rows.map((r) => ({ count: r.n, keys: [{ value: r.v0 }, { value: r.v1 }] })),
      },
    };
  },

  async overdue(first) {
    const rows = await all(
      `select code from commitment where archived_at is null and due_date_end is not null
       and coalesce(due_date_end, '') < ? and status not in ${CLOSED} order by code limit ?`,
      [today(), first],
    );
    return { commitments: edges(rows) };
  },

  async recommendationsNested(first) {
    const rows = await all(`select id, code from recommendation where archived_at is null order by code limit ?`, [first]);
    const children = await windows(
      `select cr.recommendation_id as parent, c.code, row_number() over (partition by cr.recommendation_id order by c.code, c.id) as w
       from commitment_recommendations cr join commitment c on c.id = cr.commitment_id
       where cr.recommendation_id in ($IDS) and c.archived_at is null`,
      rows.map((r) => r.id),
      5,
    );
    return {
      recommendations: edges(
        rows.map((r) => ({ code: r.code, commitments: edges((children.get(r.id) ?? []).map((c) => ({ code: c.code }))) })),
      ),
    };
  },

  async commitmentsNested(first) {
    const rows = await all(`select id, code from commitment where archived_at is null order by code limit ?`, [first]);
    const ids = rows.map((r) => r.id);
    const updates = await windows(
      `select commitment_id as parent, code, row_number() over (partition by commitment_id order by reported_at, id) as w
       from progress_update where commitment_id in ($IDS) and archived_at is null and state = 'PUBLISHED'`,
      ids,
      5,
    );
    const history = await windows(
      `select commitment_id as parent, sequence, row_number() over (partition by commitment_id order by sequence, id) as w
       from status_change where commitment_id in ($IDS)`,
      ids,
      5,
    );
    return {
      commitments: edges(
        rows.map((r) => ({
          code: r.code,
          progressUpdates: edges((updates.get(r.id) ?? []).map((u) => ({ code: u.code }))),
          history: edges((history.get(r.id) ?? []).map((h) => ({ sequence: h.sequence }))),
        })),
      ),
    };
  },

  /**
   * 120 months from 2016-01: each status change holds from its month until the month before the
   * commitment's next change; SQL groups the changes by (status, first month, end month) and the
   * months are summed here from those differences.
   */
  async timeline() {
    const months = 120;
    const monthIndex = (column: string) =>
      `((cast(strftime('%Y', ${column} / 1000, 'unixepoch') as integer) - 2016) * 12 + cast(strftime('%m', ${column} / 1000, 'unixepoch') as integer) - 1)`;
    const rows = await all(
      `with x as (select sc.to_status, sc.at,
         lead(sc.at) over (partition by sc.commitment_id order by sc.at, sc.sequence) as next_at
         from status_change sc join commitment c on c.id = sc.commitment_id where c.archived_at is null)
       select to_status as status, ${monthIndex('at')} as m0, case when next_at is null then null else ${monthIndex('next_at')} end as m1,
         count(*) as n
       from x where at < ? group by 1, 2, 3`,
      [Date.UTC(2026, 0, 1)],
    );
    const diff = STATUSES.map(() => new Array<number>(months + 1).fill(0));
    for (const r of rows) {
      const s = STATUSES.indexOf(r.status);
      const start = Math.max(0, r.m0);
      const end = Math.min(months, r.m1 === null ? months : r.m1);
      if (start >= end) continue;
      diff[s][start] += r.n;
      diff[s][end] -= r.n;
    }
    const running = STATUSES.map(() => 0);
    const out = [];
    for (let m = 0; m < months; m++) {
      const counts = STATUSES.map((status, s) => ({ status, count: (running[s] += diff[s][m]) }));
      const month = `${2016 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      out.push({ month, total: counts.reduce((sum, c) => sum + c.count, 0), counts });
    }
    return { statusTimeline: out };
  },
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      try {
        const { query, first } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; first?: number };
        const run = queries[query];
        if (!run) throw new Error(`unknown query ${query}`);
        const body = JSON.stringify({ data: await run(first ?? 20) });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      }
    })();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), '127.0.0.1', () => process.send?.('ready'));
