/**
 * The ORM's SQLite driver with a connection that binds values instead of inlining them.
 *
 * MikroORM 6's knex connection (`AbstractSqlConnection.execute`, used by every find, flush and
 * `em.execute`) formats each statement with its values spliced into the SQL text
 * (`platform.formatQuery`, sqlstring-style quoting) and sends that text with no parameters.
 * node-sqlite3 hands the text to SQLite as a C string, so a NUL (U+0000) inside a value cuts
 * the statement short ("unrecognized token", "unterminated string"), and the statement text
 * depends on user input. Here every plain value (string, number, boolean, Date, Buffer, null)
 * becomes a `?` bound parameter; only identifiers (`??`) and the ORM's own raw fragments stay
 * inline, as they never carry user input.
 */
import { JsonProperty, Utils, type Configuration } from '@mikro-orm/core';
import { AbstractSqlDriver } from '@mikro-orm/knex';
import { SqliteConnection, SqlitePlatform } from '@mikro-orm/sqlite';

type Value = unknown;

/** A value the driver can bind as it is (after the conversions below). */
function bindable(value: Value): boolean {
  return (
    value === null ||
    value === undefined ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean' ||
    value instanceof Date ||
    Buffer.isBuffer(value)
  );
}

/** As the platform stores them: Dates as epoch milliseconds, booleans as 1/0, undefined as NULL. */
function toBinding(value: Value): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return +value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * The statement with `?` for every bindable value and its bindings, in order. Arrays (from
 * `in (?)`) expand to one placeholder per element; JSON values bind as their JSON text.
 */
export function bindParameters(platform: SqlitePlatform, sql: string, params: readonly Value[]): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  const placeholder = (value: Value): string => {
    if (bindable(value)) {
      bindings.push(toBinding(value));
      return '?';
    }
    if (Utils.isRawSql(value) || platform.isRaw(value)) return platform.quoteValue(value) as string;
    if (Utils.isPlainObject(value) || (value as any)?.[JsonProperty]) {
      bindings.push(JSON.stringify(value));
      return '?';
    }
    if (Array.isArray(value)) return value.map(placeholder).join(', ');
    return platform.quoteValue(value) as string;
  };
  let out = '';
  let j = 0;
  for (let pos = 0; pos < sql.length; pos++) {
    const ch = sql[pos];
    if (ch === '\\' && sql[pos + 1] === '?') {
      // An escaped question mark stays a literal one (knex reads `\?` the same way).
      out += '\\?';
      pos++;
    } else if (ch === '?' && sql[pos + 1] === '?') {
      out += platform.quoteIdentifier(params[j++] as string);
      pos++;
    } else if (ch === '?') {
      out += placeholder(params[j++]);
    } else {
      out += ch;
    }
  }
  return { sql: out, bindings };
}

export class TrackerSqliteConnection extends SqliteConnection {
  /**
   * Each connection's own pool: MikroORM's SQLite connection builds every knex client from the
   * global `pool` option, so the read replica's larger pool was ignored and every read queued
   * behind one connection (one slow read delayed all the others). `this.options.pool` is the
   * writer's pool for the writer and the replica's own for a replica.
   */
  override getKnexOptions(type: any) {
    return { ...super.getKnexOptions(type), pool: this.options.pool ?? this.config.get('pool') };
  }

  override async execute(queryOrKnex: any, params: unknown[] = [], method: 'all' | 'get' | 'run' = 'all', ctx?: any, loggerContext?: any) {
    await this.ensureConnection();
    if (Utils.isObject(queryOrKnex)) {
      ctx ??= (queryOrKnex as any).client.transacting ? queryOrKnex : null;
      const q = (queryOrKnex as any).toSQL();
      queryOrKnex = q.sql;
      params = q.bindings ?? [];
    }
    const query: string = this.config.get('onQuery')(queryOrKnex, params);
    const { sql, bindings } = bindParameters(this.platform as SqlitePlatform, query, params);
    const logged: string = (this as any).getSql(query, this.platform.formatQuery(query, params), loggerContext);
    return this.executeQuery(
      logged,
      async () => {
        const raw = this.getKnex().raw(sql, bindings as any[]);
        if (ctx) raw.transacting(ctx);
        const res = await raw;
        return this.transformRawResult(res, method);
      },
      { query, params, ...loggerContext },
    ) as any;
  }
}

/** SqliteDriver, with TrackerSqliteConnection for the writer and the read replicas. */
export class TrackerSqliteDriver extends AbstractSqlDriver<TrackerSqliteConnection, SqlitePlatform> {
  constructor(config: Configuration) {
    super(config, new SqlitePlatform(), TrackerSqliteConnection, ['knex', 'sqlite3']);
  }
}
