/**
 * Commitments by status at the end of each month, rebuilt from the append-only status history:
 * one statement, months from a recursive CTE, the last change up to each month's end per commitment.
 */
import type { Context } from '../server/context';
import type { CommitmentFilter } from '../schema/filters';
import type { TimelineMonth } from '../schema/stats';
import { CommitmentStatus, enumValues } from '../domain/enums';
import { badInput } from '../domain/errors';
import { applyCommitmentFilter } from './filters';

export const MAX_TIMELINE_MONTHS = 120;

function monthsCovered(from: string, to: string): number {
  const index = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7));
  return index(to) - index(from) + 1;
}

interface TimelineRow {
  month: string;
  status: CommitmentStatus | null;
  n: number;
  total: number;
}

/** Months from the one holding `from` to the one holding `to`, both YYYY-MM-DD. */
export async function statusTimeline(ctx: Context, from: string, to: string, filter?: CommitmentFilter): Promise<TimelineMonth[]> {
  const months = monthsCovered(from, to);
  if (months < 1) throw badInput('to', 'to must not be before from');
  if (months > MAX_TIMELINE_MONTHS) throw badInput('to', `a timeline covers at most ${MAX_TIMELINE_MONTHS} months; got ${months}`);
  const knex = ctx.em.getKnex();
  const filtered = applyCommitmentFilter(knex('commitment as c'), filter, ctx.services.clock.now()).select('c.id').toSQL();
  // status_change.at is in epoch milliseconds (MikroORM's SQLite mapping); a month ends where the next begins.
  const rows: TimelineRow[] = await knex.raw(
    `with recursive months(month, ends_at) as (
      select date(?, 'start of month'), unixepoch(date(?, 'start of month', '+1 month')) * 1000
      union all
      select date(month, '+1 month'), unixepoch(date(month, '+2 months')) * 1000 from months where month < date(?, 'start of month')
    ),
    f as (${filtered.sql}),
    latest as (
      select m.month, sc.to_status,
        row_number() over (partition by m.month, sc.commitment_id order by sc.at desc, sc.sequence desc) as rn
      from months m join status_change sc on sc.at < m.ends_at join f on f.id = sc.commitment_id
    )
    select substr(m.month, 1, 7) as month, l.to_status as status, count(l.to_status) as n,
      sum(count(l.to_status)) over (partition by m.month) as total
    from months m left join latest l on l.month = m.month and l.rn = 1
    group by m.month, l.to_status
    order by m.month`,
    [from, from, to, ...filtered.bindings],
  );
  const byMonth = new Map<string, TimelineRow[]>();
  for (const row of rows) byMonth.set(row.month, [...(byMonth.get(row.month) ?? []), row]);
  return [...byMonth].map(([month, counted]) => ({
    month,
    total: Number(counted[0].total),
    counts: (enumValues(CommitmentStatus) as CommitmentStatus[]).map((status) => ({
      status,
      count: Number(counted.find((r) => r.status === status)?.n ?? 0),
    })),
  }));
}
