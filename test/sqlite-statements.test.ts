/** SQLite reads run on prepared statements kept per connection (issue 11: src/db/sqlite-client.ts). */
import type { EntityManager } from '@mikro-orm/knex';
import { startTestServer, type TestServer } from './support/server';
import { preparedCount, STATEMENT_CACHE_SIZE } from '../src/db/sqlite-client';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const fork = () => t.services.orm.em.fork() as EntityManager;

describe('SQLite reads on kept prepared statements', () => {
  it('prepares a read once per connection, keeps at most STATEMENT_CACHE_SIZE, drops a failed one and finalizes them before closing', async () => {
    const knex = fork().getKnex('read');
    const client = knex.client as unknown as { acquireConnection(): Promise<object>; releaseConnection(c: object): Promise<void> };
    const connection = await client.acquireConnection();
    await client.releaseConnection(connection);
    const read = (sql: string, bindings: unknown[] = []) => knex.raw(sql, bindings as never[]).connection(connection as never);
    const before = preparedCount(connection);
    expect(await read('select ? + 1 as n', [1])).toEqual([{ n: 2 }]);
    expect(await read('select ? + 1 as n', [41])).toEqual([{ n: 42 }]);
    expect(preparedCount(connection)).toBe(before + 1);
    for (let i = 0; i < STATEMENT_CACHE_SIZE + 5; i++) expect(await read(`select ${i} as n`)).toEqual([{ n: i }]);
    expect(preparedCount(connection)).toBe(STATEMENT_CACHE_SIZE);
    await expect(read('select * from no_such_table')).rejects.toThrow(/no such table/);
    // Not kept (it had taken the place of the least recently used one).
    expect(preparedCount(connection)).toBe(STATEMENT_CACHE_SIZE - 1);
    // Writes run as before, not kept.
    const kept = preparedCount(connection);
    await read('update source set name = name where id = -1');
    expect(preparedCount(connection)).toBe(kept);
  });

  it('finalizes the kept statements when the pool closes a connection (else SQLite refuses to close it)', async () => {
    const other = await startTestServer({ databasePath: t.databasePath });
    const knex = (other.services.orm.em.fork() as EntityManager).getKnex('read');
    const client = knex.client as unknown as { acquireConnection(): Promise<object>; releaseConnection(c: object): Promise<void> };
    const connection = (await client.acquireConnection()) as { close(cb: (err: Error | null) => void): void; open?: boolean };
    await client.releaseConnection(connection);
    await knex.raw('select 1 as n').connection(connection as never);
    expect(preparedCount(connection)).toBeGreaterThanOrEqual(1);
    await other.stop();
    expect(preparedCount(connection)).toBe(0);
    expect(connection.open).toBe(false);
  });
});
