/**
 * Nested lists paged in SQL: for a batch of parents, one statement reads each parent's first
 * children in order through an index on (parent, sort key) and stops after one page
 * (Dialect.pagePerParent), so a page of 100 parents with `first: 5` children reads at most 600
 * rows, however many children each parent has.
 */
import type { Knex } from '@mikro-orm/knex';
import { ProgressUpdateState } from '../domain/enums';
import { dialectOf } from './dialect';

export interface ChildList {
  /** The child table; its rows are returned whole. */
  table: string;
  /** The children with their parent: the table itself (alias `x`), or a pivot (joined to it). */
  from: string;
  /** SQL expression of the parent's id. */
  parent: string;
  /** SQL expression of the child's id in `from` when `from` holds no row of `table` (a pivot alone); default `x.id`. */
  id?: string;
  /**
   * SQL expression of the sort key (never null); the child's id breaks ties. An index on
   * (parent, sort key, id) over the rows `where` keeps lets a page stop after its rows.
   */
  sort: string;
  /** Which children are listed. */
  where: string;
  /** Values the edge carries besides the node (a link's kind), by field name: SQL expressions. */
  edge?: Record<string, string>;
}

const LIVE = 'x.archived_at is null';

/** A commitment ↔ recommendation link's kind and evidence, on its edge (src/schema/link-connection.ts). */
const LINK_EDGE = { kind: 'cr.kind', evidence: 'cr.evidence' };

/** A partner's role and the passage that names it, on its edge (src/schema/partner-connection.ts). */
const PARTNER_EDGE = { role: 'cp.role', evidence: 'cp.evidence', document: 'cp.document', section: 'cp.section' };

/** A record type's revisions (src/services/revisions.ts), by id: the order they were written in. */
const revisionsOf = (recordType: string): ChildList => ({
  table: 'revision',
  from: 'revision x',
  parent: 'x.record_id',
  sort: 'x.id',
  where: `x.record_type = '${recordType}'`,
});

/** Every nested connection of the schema, by name. */
export const CHILD_LISTS = {
  recommendationsOfSource: { table: 'recommendation', from: 'recommendation x', parent: 'x.source_id', sort: 'x.code', where: LIVE },
  commitmentsOfActor: { table: 'commitment', from: 'commitment x', parent: 'x.actor_id', sort: 'x.code', where: LIVE },
  /**
   * The link carries its commitment's code and archived_at (kept by triggers: migration
   * 20261201100000_nested_pages), so a page reads the link index alone, in code order, and stops.
   */
  commitmentsOfRecommendation: {
    table: 'commitment',
    from: 'commitment_recommendations cr',
    parent: 'cr.recommendation_id',
    id: 'cr.commitment_id',
    sort: 'cr.commitment_code',
    where: 'cr.commitment_archived_at is null',
    edge: LINK_EDGE,
  },
  recommendationsOfCommitment: {
    table: 'recommendation',
    from: 'commitment_recommendations cr join recommendation x on x.id = cr.recommendation_id',
    parent: 'cr.commitment_id',
    sort: 'x.code',
    where: LIVE,
    edge: LINK_EDGE,
  },
  /** The actors taking part in a commitment besides its lead, by code. */
  partnersOfCommitment: {
    table: 'actor',
    from: 'commitment_partner cp join actor x on x.id = cp.actor_id',
    parent: 'cp.commitment_id',
    sort: 'x.code',
    where: LIVE,
    edge: PARTNER_EDGE,
  },
  /** The commitments an actor is a partner of (not those it leads), by code. */
  partnershipsOfActor: {
    table: 'commitment',
    from: 'commitment_partner cp join commitment x on x.id = cp.commitment_id',
    parent: 'cp.actor_id',
    sort: 'x.code',
    where: LIVE,
    edge: PARTNER_EDGE,
  },
  responsibilitiesOfRecommendation: {
    table: 'responsibility',
    from: 'responsibility x',
    parent: 'x.recommendation_id',
    sort: 'x.role',
    where: LIVE,
  },
  responsibilitiesOfActor: { table: 'responsibility', from: 'responsibility x', parent: 'x.actor_id', sort: 'x.id', where: LIVE },
  publishedProgressOfCommitment: {
    table: 'progress_update',
    from: 'progress_update x',
    parent: 'x.commitment_id',
    sort: 'x.reported_at',
    where: `${LIVE} and x.state = '${ProgressUpdateState.PUBLISHED}'`,
  },
  /** Published updates and drafts, for those who may read the drafts. */
  progressOfCommitment: {
    table: 'progress_update',
    from: 'progress_update x',
    parent: 'x.commitment_id',
    sort: 'x.reported_at',
    where: LIVE,
  },
  historyOfCommitment: { table: 'status_change', from: 'status_change x', parent: 'x.commitment_id', sort: 'x.sequence', where: '1 = 1' },
  /** The current assessments: withdrawn ones left out. */
  assessmentsOfCommitment: {
    table: 'assessment',
    from: 'assessment x',
    parent: 'x.commitment_id',
    sort: 'x.assessed_at',
    where: `${LIVE} and x.withdrawn_at is null`,
  },
  /** With the withdrawn ones (includeWithdrawn). */
  allAssessmentsOfCommitment: {
    table: 'assessment',
    from: 'assessment x',
    parent: 'x.commitment_id',
    sort: 'x.assessed_at',
    where: LIVE,
  },
  revisionsOfCommitment: revisionsOf('Commitment'),
  revisionsOfRecommendation: revisionsOf('Recommendation'),
  revisionsOfActor: revisionsOf('Actor'),
  revisionsOfSource: revisionsOf('Source'),
  revisionsOfResponsibility: revisionsOf('Responsibility'),
  revisionsOfAssessment: revisionsOf('Assessment'),
  /** Every revision of a progress update, for those who may read its drafts. */
  revisionsOfProgressUpdate: revisionsOf('ProgressUpdate'),
  /** The revisions since its publication: what it said as a draft stays with those who may read drafts. */
  publishedRevisionsOfProgressUpdate: {
    ...revisionsOf('ProgressUpdate'),
    where: `x.record_type = 'ProgressUpdate' and x.at >= (select p.published_at from progress_update p where p.id = x.record_id)`,
  },
} satisfies Record<string, ChildList>;

export type ChildListName = keyof typeof CHILD_LISTS;

/** One page per parent: how many, in which direction, from which (sort key, id) on. */
export interface ChildWindow {
  size: number;
  direction: 'asc' | 'desc';
  from?: [sortKey: unknown, id: number];
}

export interface ChildRow {
  /** The child's columns, as stored. */
  row: Record<string, unknown>;
  /** The list's edge values (ChildList.edge). */
  edge: Record<string, unknown>;
  parentId: number;
  sortKey: unknown;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Up to `size + 1` children of each parent (the extra one tells whether there is a next page). */
export async function childWindows(knex: Knex, list: ChildList, parentIds: readonly number[], window: ChildWindow): Promise<ChildRow[]> {
  if (!parentIds.length) return [];
  const dir = window.direction;
  const id = list.id ?? 'x.id';
  const edge = Object.entries(list.edge ?? {});
  const bindings: unknown[] = [...parentIds];
  let where = list.where;
  if (window.from) {
    // A row value: the index on (parent, sort key, id) is entered at the cursor.
    where += ` and (${list.sort}, ${id}) ${dir === 'asc' ? '>' : '<'} (?, ?)`;
    bindings.push(window.from[0], window.from[1]);
  }
  bindings.push(window.size + 1);
  const dialect = dialectOf(knex);
  const sql = dialect.pagePerParent({
    parents: parentIds.length,
    table: list.table,
    child: list.id ? null : 'x',
    from: list.from,
    parent: list.parent,
    id,
    where,
    order: `${list.sort} ${dir}, ${id} ${dir}`,
    columns: [`${id} as w_id`, `${list.sort} as w_sort`, ...edge.map(([field, sql]) => `${sql} as e_${field}`)].join(', '),
    direction: dir,
  });
  return dialect.rows<Record<string, unknown>>(await knex.raw(sql, bindings as any)).map(({ w_parent, w_sort, w_id: _id, ...row }) => {
    const values: Record<string, unknown> = {};
    for (const [field] of edge) {
      values[field] = row[`e_${field}`];
      delete row[`e_${field}`];
    }
    return { row, edge: values, parentId: Number(w_parent), sortKey: w_sort };
  });
}

/** How many children each parent has (for `totalCount`, only when selected). */
export async function childCounts(knex: Knex, list: ChildList, parentIds: readonly number[]): Promise<Map<number, number>> {
  const result = await knex.raw(
    `select ${list.parent} as parent, count(*) as n from ${list.from}
    where ${list.parent} in (${placeholders(parentIds.length)}) and ${list.where} group by ${list.parent}`,
    [...parentIds],
  );
  const rows = dialectOf(knex).rows<{ parent: number; n: number }>(result);
  return new Map(rows.map((r) => [Number(r.parent), Number(r.n)]));
}
