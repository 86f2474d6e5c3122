/**
 * Which database the running jest project tests (jest.config.js: `sqlite` or `postgresql`), and
 * fresh databases for it: a copy of the seeded template file on SQLite; on PostgreSQL a new
 * database made from the seeded template database (`CREATE DATABASE … TEMPLATE`). A "database"
 * here is what the config takes: a file path or a postgres:// URL.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Knex } from '@mikro-orm/knex';
import { dialectOf, type DialectName } from '../../src/queries/dialect';

export const TEST_DIALECT: DialectName = (globalThis as { TEST_DIALECT?: DialectName }).TEST_DIALECT ?? 'sqlite';
export const onPostgres = TEST_DIALECT === 'postgresql';

/** PostgreSQL of the development and CI machines (scripts/services.sh starts it). */
export const PG_SERVER = process.env.TEST_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

export function isDatabaseUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}

/** Runs one statement on the server's maintenance database (synchronously: tests make databases in plain functions). */
export function psql(sql: string): string {
  return execFileSync('psql', [`${PG_SERVER}/postgres`, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
  });
}

/** A database of this project: a copy of the seeded template, or an empty one (migrated on open). */
export function freshDatabase(seeded = true): string {
  if (onPostgres) {
    const name = `${process.env.TEST_PG_PREFIX}_${randomBytes(6).toString('hex')}`;
    psql(`create database "${name}" template "${seeded ? process.env.TEMPLATE_PG_DB : 'template0'}"`);
    return `${PG_SERVER}/${name}`;
  }
  const path = join(mkdtempSync(join(tmpdir(), 'tracker-test-')), 'tracker.sqlite');
  if (seeded) copyFileSync(process.env.TEMPLATE_DB!, path);
  return path;
}

/** The environment that points a CLI (npm run seed, user, import) at `database`. */
export function databaseEnv(database: string): Record<string, string> {
  return isDatabaseUrl(database) ? { DATABASE_URL: database } : { DATABASE_PATH: database };
}

/** A Date as the database stores datetimes, for raw updates in tests. */
export function sqlDatetime(knex: Knex, value: Date): Knex.Raw {
  const { sql, bindings } = dialectOf(knex).datetime(value);
  return knex.raw(sql, bindings as Knex.RawBinding[]);
}

/** openDatabase()'s options for `database` (a file path or a postgres:// URL). */
export function databaseOptions(database: string): { databasePath: string; databaseUrl?: string } {
  return isDatabaseUrl(database) ? { databasePath: '', databaseUrl: database } : { databasePath: database };
}
