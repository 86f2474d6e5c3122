/**
 * Relay connections: every list is `edges { cursor node }`, `pageInfo` and `totalCount`,
 * paged with `first` (default 20, at most 100) and `after`; nested lists also backwards
 * (`last`/`before`), paged in SQL by src/loaders/children.ts.
 */
import { ArgsType, Field, InputType, Int, ObjectType, type ClassType } from 'type-graphql';
import { OrderDirection } from './enums';
import { badInput } from '../domain/errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor.' })
  after?: string | null;
}

@InputType({ description: 'The order of a nested list: its natural order (ASC), or reversed (DESC: newest first for dated records).' })
export class NestedOrder {
  @Field(() => OrderDirection)
  direction!: OrderDirection;
}

/**
 * Nested lists page forwards (`first`/`after`) or backwards (`last`/`before`, Relay), in their
 * natural order or reversed (`orderBy: { direction: DESC }`).
 */
@ArgsType()
export class ChildPageArgs extends PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items from the end (at most ${MAX_PAGE_SIZE}); not with first.` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor (with last).' })
  before?: string | null;

  @Field(() => NestedOrder, { nullable: true, description: 'Default: ASC (the natural order, oldest first for dated records).' })
  orderBy?: NestedOrder | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** Counted only when the field is resolved (a lazy getter: see withTotal). */
  readonly totalCount: number | Promise<number>;
}

/** How many items a whole list holds: a number already known, or a count run on demand. */
export type Total = number | (() => Promise<number>);

/**
 * The page with `totalCount` as a getter: a count query runs only when a client selects the
 * field (type-graphql reads the property only then), at most once.
 */
export function withTotal<T>(page: Omit<Page<T>, 'totalCount'>, total: Total): Page<T> {
  let counted: Promise<number> | undefined;
  return Object.defineProperty({ edges: page.edges, pageInfo: page.pageInfo }, 'totalCount', {
    enumerable: true,
    get: () => (typeof total === 'number' ? total : (counted ??= total())),
  }) as Page<T>;
}

/** The same page with other nodes (its count, counted or not, kept). */
export function mapEdges<T, U>(page: Page<T>, edges: Edge<U>[]): Page<U> {
  const descriptor = Object.getOwnPropertyDescriptor(page, 'totalCount')!;
  return Object.defineProperty({ edges, pageInfo: page.pageInfo }, 'totalCount', descriptor) as Page<U>;
}

/** The page size asked for (`first`, or `last` backwards), checked against the limits. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(field, `${field} must be between 0 and ${MAX_PAGE_SIZE}; got ${first}`);
  }
  return first;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number, field = 'after'): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Sort keys are strings, numbers or null; the last value is always a row id.
    const plain = (v: unknown) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
    if (Array.isArray(values) && values.length === length && values.every(plain) && Number.isInteger(values[length - 1])) return values;
  } catch {
    /* falls through to the error below */
  }
  throw badInput(field, `${field} is not a valid cursor for this list`);
}

/** Builds a page from the rows fetched (one more than asked, to know whether there is a next page). */
export function toPage<T>(rows: T[], size: number, totalCount: Total, cursorOf: (row: T) => string, hasPrevious: boolean): Page<T> {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return withTotal(
    {
      edges,
      pageInfo: {
        hasNextPage: rows.length > size,
        hasPreviousPage: hasPrevious,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    },
    totalCount,
  );
}

const connectionTypes = new Map<string, ClassType>();

/**
 * The `<name>Connection` object type over an edge type: every connection of the schema (plain,
 * and those whose edges carry more, as links' kinds and partners' roles) has these three fields.
 */
export function connectionOf<E extends object>(name: string, edgeType: ClassType<E>): ClassType {
  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [edgeType])
    edges!: E[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list holds (all pages).' })
    totalCount!: number;
  }
  return Connection;
}

/** The `XConnection` / `XEdge` object types for a node type (created once per name). */
export function ConnectionType<T extends object>(name: string, nodeType: ClassType<T>): ClassType<Page<T>> {
  const existing = connectionTypes.get(name);
  if (existing) return existing as ClassType<Page<T>>;

  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  const Connection = connectionOf(name, EdgeType);
  connectionTypes.set(name, Connection);
  return Connection as unknown as ClassType<Page<T>>;
}
