/**
 * `npm run user -- <command>`: create users (the first admin too), issue and revoke tokens, list.
 *   create --email E --role ROLE [--name N] [--actor ACTOR_CODE] [--country CC] [--expires-in-days D]
 *   token --email E [--expires-in-days D]
 *   revoke --email E
 *   disable --email E / enable --email E
 *   list
 * Revoking and disabling take effect at once over HTTP; open sockets are closed at once when
 * REDIS_URL is set (the API instances are pinged), otherwise before their next event or operation.
 */
import '../threadpool';
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/knex';
import { loadConfig } from '../config';
import { openDatabase, migrate, databaseOptionsOf } from '../db/orm';
import { Role } from '../domain/enums';
import { createUser, findUser, listUsers, newToken, revokeAll, setDisabled } from '../services/users';
import { pingCredentialChange } from '../pubsub/redis';

const USAGE = `usage: npm run user -- create --email E --role ${Object.values(Role).join('|')} [--name N] [--actor ACTOR_CODE] [--country CC] [--expires-in-days D]
       npm run user -- token --email E [--expires-in-days D]
       npm run user -- revoke --email E
       npm run user -- disable --email E
       npm run user -- enable --email E
       npm run user -- list`;

/** Lets the running API instances know at once (through Redis); without it they notice on their own. */
async function announce(redisUrl: string | undefined): Promise<void> {
  if (!redisUrl) return;
  try {
    await pingCredentialChange(redisUrl);
  } catch (err) {
    console.error(
      `could not tell the API instances through Redis (${err instanceof Error ? err.message : err}); they will notice before their next event`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      actor: { type: 'string' },
      country: { type: 'string' },
      'expires-in-days': { type: 'string' },
    },
  });
  const command = positionals[0];
  const days = values['expires-in-days'] !== undefined ? Number(values['expires-in-days']) : undefined;
  const config = loadConfig();
  const orm = await openDatabase(databaseOptionsOf(config));
  try {
    await migrate(orm);
    const em = orm.em.fork() as EntityManager;
    const now = new Date();
    switch (command) {
      case 'create': {
        if (!values.role || !Object.values(Role).includes(values.role as Role))
          throw new Error(`--role must be one of ${Object.values(Role).join(', ')}`);
        const { user, token } = await createUser(
          em,
          {
            email: values.email ?? '',
            role: values.role as Role,
            name: values.name,
            actorCode: values.actor,
            country: values.country,
            expiresInDays: days,
          },
          now,
        );
        console.log(`created ${user.role} ${user.email}\ntoken (shown once, keep it secret): ${token}`);
        return 0;
      }
      case 'token': {
        const { token, record } = await newToken(em, await findUser(em, { email: values.email }), now, days);
        console.log(
          `token (shown once, keep it secret): ${token}${record.expiresAt ? `\nexpires: ${record.expiresAt.toISOString()}` : ''}`,
        );
        return 0;
      }
      case 'revoke': {
        const count = await revokeAll(em, await findUser(em, { email: values.email }), now);
        await announce(config.redisUrl);
        console.log(`revoked ${count} token(s)`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const user = await findUser(em, { email: values.email });
        const changed = await setDisabled(em, user, command === 'disable', now);
        await announce(config.redisUrl);
        console.log(`${user.email} ${changed ? 'is now' : 'was already'} ${command}d`);
        return 0;
      }
      case 'list': {
        for (const { user, liveTokens } of await listUsers(em)) {
          const scope = user.actor ? ` actor=${user.actor.getEntity().code}` : user.country ? ` country=${user.country}` : '';
          console.log(`${user.email}\t${user.role}${scope}\tlive tokens: ${liveTokens}${user.disabledAt ? '\tdisabled' : ''}`);
        }
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await orm.close(true);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
