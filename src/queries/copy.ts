/**
 * The statements of `npm run db:copy` (src/db/copy.ts): every row of a SQLite database into a
 * fresh, migrated PostgreSQL database. The move goes one way only, so the target side speaks
 * PostgreSQL; the source is read through the dialect.
 */
import type { Knex } from '@mikro-orm/knex';
import { dialectOf } from './dialect';
import { COUNT_TABLES } from './counts';

/**
 * Values per statement: rows are read and written in pages of as many rows as fit (PostgreSQL
 * takes at most 65,535 parameters a statement; SQLite reads them in the same pages).
 */
const VALUES_PER_STATEMENT = 30_000;

/** The source row's rowid, read beside its columns to page by. */
const ROWID = '__copy_rowid';

/** Kept by each database for itself, not copied: the migrations, and the derived counts (rebuilt on the target, counts.ts). */
const OWN_TABLES = new Set(['mikro_orm_migrations', ...COUNT_TABLES]);

interface TargetColumn {
  name: string;
  type: string;
}

export async function tablesOf(knex: Knex): Promise<string[]> {
  const dialect = dialectOf(knex);
  const rows = dialect.rows<{ name: string }>(await knex.raw(dialect.tables));
  return rows.map((r) => r.name).filter((name) => !OWN_TABLES.has(name));
}

export async function rowCount(knex: Knex, table: string): Promise<number> {
  const [row] = await knex(table).count({ n: '*' });
  return Number(row.n);
}

/** The target's writable columns of `table` (generated ones, such as the search vectors, excluded). */
async function targetColumns(trx: Knex.Transaction, table: string): Promise<TargetColumn[]> {
  const { rows } = (await trx.raw(
    `select column_name as name, data_type as type from information_schema.columns
     where table_schema = current_schema() and table_name = ? and is_generated = 'NEVER' order by ordinal_position`,
    [table],
  )) as { rows: TargetColumn[] };
  return rows;
}

/** A SQLite value as the PostgreSQL column takes it: datetimes are epoch milliseconds there, booleans 0/1. */
function converted(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type.startsWith('timestamp')) return new Date(Number(value)).toISOString();
  if (type === 'boolean') return Boolean(Number(value));
  return value;
}

/**
 * Copies `table` from `source` into the target transaction, in rowid order, and returns the
 * number of rows. Pages go by rowid (keyset), not by offset: an offset re-reads every row before
 * it, which grew quadratic with a million progress updates. Foreign keys and triggers are off
 * for the transaction (see copyAll), so the order of tables and of self-referencing rows does
 * not matter.
 */
async function copyTable(source: Knex, trx: Knex.Transaction, table: string): Promise<number> {
  const columns = await targetColumns(trx, table);
  if (!columns.length) throw new Error(`The target database has no table ${table}: is it migrated by the same version?`);
  const names = columns.map((c) => c.name);
  const pageSize = Math.max(1, Math.floor(VALUES_PER_STATEMENT / columns.length));
  const page = (after: number) =>
    source(table)
      .select(source.raw('rowid as ??', [ROWID]), ...names)
      .whereRaw('rowid > ?', [after])
      .orderByRaw('rowid')
      .limit(pageSize) as Promise<Record<string, unknown>[]>;
  let copied = 0;
  // The next page is read from SQLite while PostgreSQL writes this one.
  let next = page(Number.MIN_SAFE_INTEGER);
  for (;;) {
    const rows = await next;
    if (!rows.length) return copied;
    if (rows.length === pageSize) next = page(Number(rows[rows.length - 1][ROWID]));
    await trx(table).insert(rows.map((row) => Object.fromEntries(columns.map((c) => [c.name, converted(row[c.name], c.type)]))));
    copied += rows.length;
    if (rows.length < pageSize) return copied;
  }
}

/**
 * Copies every table in one transaction of the target: all or nothing (the indexes dropped for
 * the copy come back with it, or stay if it fails). `session_replication_role
 * = replica` turns off foreign-key checks and triggers for it (the credential change log is
 * copied as it is, not written again by triggers); it needs a superuser or the table owner with
 * that privilege. Serial counters are then set past the copied ids.
 */
export async function copyAll(source: Knex, target: Knex, tables: readonly string[]): Promise<Record<string, number>> {
  return target.transaction(async (trx) => {
    await trx.raw(`set local session_replication_role = replica`);
    // Indexes are built once after the copy, not kept up to date row by row (several times
    // faster with a million rows); those behind constraints (primary keys, unique) stay.
    const { rows: indexes } = (await trx.raw(
      `select i.indexname as name, i.indexdef as definition from pg_indexes i
       where i.schemaname = current_schema() and i.tablename = any(?)
         and not exists (select 1 from pg_constraint c where c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
      [[...tables]],
    )) as { rows: { name: string; definition: string }[] };
    for (const index of indexes) await trx.raw(`drop index ??`, [index.name]);
    const copied: Record<string, number> = {};
    for (const table of tables) copied[table] = await copyTable(source, trx, table);
    for (const index of indexes) await trx.raw(index.definition);
    const { rows: serials } = (await trx.raw(
      `select table_name as table, pg_get_serial_sequence(quote_ident(table_name), 'id') as seq from information_schema.columns
       where table_schema = current_schema() and column_name = 'id'`,
    )) as { rows: { table: string; seq: string | null }[] };
    for (const { table, seq } of serials) {
      if (seq) await trx.raw(`select setval(?, coalesce((select max(id) from ??), 0) + 1, false)`, [seq, table]);
    }
    return copied;
  });
}
