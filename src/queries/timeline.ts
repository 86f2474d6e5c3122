/**
 * Commitments by status at the end of each month, rebuilt from the append-only status history:
 * one statement, months as rows bound from here, the last change up to each month's end per commitment.
 */
import type { Context } from '../server/context';
import type { CommitmentFilter } from '../schema/filters';
import type { TimelineMonth } from '../schema/stats';
import { CommitmentStatus, enumValues } from '../domain/enums';
import { badInput } from '../domain/errors';
import { applyCommitmentFilter } from './filters';
import { dialectOf } from './dialect';
import { dayOf } from '../domain/dates';
import type { Knex } from '@mikro-orm/knex';

export const MAX_TIMELINE_MONTHS = 120;

/** The first day (YYYY-MM-01) of the month after the one holding `day`. */
function nextMonth(day: string): string {
  const [year, month] = day.split('-').map(Number);
  return dayOf(new Date(Date.UTC(year, month, 1)));
}

/** The first days of `count` months, from the one holding `from`. */
function monthStarts(from: string, count: number): string[] {
  const starts = [`${from.slice(0, 7)}-01`];
  while (starts.length < count) starts.push(nextMonth(starts[starts.length - 1]));
  return starts;
}

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
  const knex = ctx.em.getKnex('read');
  const dialect = dialectOf(knex);
  const filtered = applyCommitmentFilter(knex('commitment as c'), filter, ctx.services.clock.now()).select('c.id').toSQL();
  // Each month (YYYY-MM-DD of its first day) with the instant it ends, where the next begins.
  const monthRows = monthStarts(from, months).map((start, i, all) => {
    const end = dialect.datetime(new Date(`${i + 1 < all.length ? all[i + 1] : nextMonth(start)}T00:00:00.000Z`));
    return { sql: `select ? as month, ${end.sql} as ends_at`, bindings: [start, ...end.bindings] };
  });
  const rows = dialect.rows<TimelineRow>(
    await knex.raw(
      `with months as (${monthRows.map((m) => m.sql).join(' union all ')}),
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
      [...monthRows.flatMap((m) => m.bindings), ...filtered.bindings] as Knex.RawBinding[],
    ),
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
