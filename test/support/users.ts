/** Test users with real tokens, created through the same service the CLI and admins use. */
import type { EntityManager } from '@mikro-orm/knex';
import { createUser } from '../../src/services/users';
import { Role } from '../../src/domain/enums';
import type { TestServer } from './server';
import type { User } from '../../src/entities';
import { toGlobalId } from '../../src/schema/global-id';
import { dialectOf } from '../../src/queries/dialect';

let counter = 0;

export async function tokenFor(
  t: TestServer,
  role: Role,
  scope: { actorCode?: string; country?: string; expiresInDays?: number } = {},
): Promise<string> {
  const em = t.services.orm.em.fork() as EntityManager;
  counter += 1;
  const { token } = await createUser(em, { email: `${role.toLowerCase()}-${counter}@example.org`, role, ...scope }, t.clock.now());
  return token;
}

/** Row counts of every table: a failed write must leave them all unchanged. */
export async function rowCounts(t: TestServer): Promise<Record<string, number>> {
  const conn = t.services.orm.em.getConnection();
  const tables: { name: string }[] = await conn.execute(dialectOf(t.services.orm.em).tables);
  const counts: Record<string, number> = {};
  for (const { name } of tables.filter((table) => table.name !== 'mikro_orm_migrations')) {
    counts[name] = Number((await conn.execute(`select count(*) as n from "${name}"`))[0].n);
  }
  counts.sequence = Number((await conn.execute(`select coalesce(max(value), 0) as v from event_counter`))[0].v);
  return counts;
}

/** A seeded record's global ID, by its code. */
export async function idOf(t: TestServer, kind: 'commitment' | 'actor' | 'recommendation' | 'source', code: string): Promise<string> {
  const res = await t.gql(`query($code: String!) { x: ${kind}(code: $code) { id } }`, { code });
  if (!res.data?.x) throw new Error(`no ${kind} ${code}`);
  return res.data.x.id;
}

/** A user with one token, for tests that revoke, disable or look the user up. */
export async function userWithToken(
  t: TestServer,
  role: Role,
  scope: { actorCode?: string; country?: string; expiresInDays?: number } = {},
): Promise<{ user: User; token: string; id: string }> {
  const em = t.services.orm.em.fork() as EntityManager;
  counter += 1;
  const { user, token } = await createUser(em, { email: `${role.toLowerCase()}-${counter}@example.org`, role, ...scope }, t.clock.now());
  return { user, token, id: toGlobalId('User', user.id) };
}
