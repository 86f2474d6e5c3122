/**
 * `npm run user -- <command>`: create users (the first admin too), issue and revoke tokens, list
 * (`npm run user -- --help` lists the commands and options).
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
import { formatHelp, wantsHelp, type Help } from '../cli/help';

const ROLES = Object.values(Role).join('|');

const HELP: Help = {
  usage: 'npm run user -- <command> [options]',
  summary: 'Creates users (the first admin too), issues and revokes their tokens, disables, enables and lists them.',
  commands: [
    [
      'create',
      `--email E --role ${ROLES} [--name N] [--actor ACTOR_CODE] [--country CC] [--expires-in-days D]: prints the token (once) and its expiry`,
    ],
    ['token', '--email E [--expires-in-days D]: issues another token'],
    ['revoke', '--email E: revokes every token of the user'],
    ['disable', '--email E: the user’s tokens stop working at once'],
    ['enable', '--email E: the user’s unrevoked, unexpired tokens work again'],
    ['list', 'every user: e-mail, name, role, actor or country, live tokens, when they expire, disabled'],
  ],
  options: [
    ['--email E', 'the user’s e-mail address'],
    ['--role ROLE', ROLES],
    ['--name N', 'a display name'],
    ['--actor ACTOR_CODE', 'the actor a FOCAL_POINT or CIVIL_SOCIETY user acts for (required for them)'],
    ['--country CC', 'the country (ISO 3166-1 alpha-2) an OMBUDSPERSON acts for (required for them)'],
    ['--expires-in-days D', 'the token expires after D days (1 to 3650); default: never'],
  ],
  environment: ['DATABASE_PATH', 'DATABASE_URL', 'REDIS_URL (revoke and disable reach open sockets at once)'],
  examples: [
    'npm run user -- create --email admin@example.org --role ADMIN --name "First admin"',
    'npm run user -- create --email fp@example.org --role FOCAL_POINT --actor IT-DEO --expires-in-days 90',
    'npm run user -- list',
  ],
};

const day = (date: Date | null) => (date ? date.toISOString() : 'never');

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
  if (wantsHelp(argv)) {
    console.log(formatHelp(HELP));
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
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
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${formatHelp(HELP)}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const command = positionals[0];
  if (!HELP.commands!.some(([name]) => name === command)) {
    console.error(`${command ? `unknown command "${command}"` : 'no command given'}\n\n${formatHelp(HELP)}`);
    return 2;
  }
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
        const { user, token, expiresAt } = await createUser(
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
        console.log(`created ${user.role} ${user.email}\ntoken (shown once, keep it secret): ${token}\nexpires: ${day(expiresAt)}`);
        return 0;
      }
      case 'token': {
        const { token, record } = await newToken(em, await findUser(em, { email: values.email }), now, days);
        console.log(`token (shown once, keep it secret): ${token}\nexpires: ${day(record.expiresAt ?? null)}`);
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
        const rows = (await listUsers(em, now)).map(({ user, liveTokens, expiresAt, neverExpires }) => [
          user.email,
          user.name ?? '-',
          user.role,
          user.actor ? `actor ${user.actor.getEntity().code}` : user.country ? `country ${user.country}` : '-',
          String(liveTokens),
          liveTokens === 0 ? '-' : neverExpires ? 'never' : expiresAt!.toISOString(),
          user.disabledAt ? 'disabled' : 'active',
        ]);
        console.log(['EMAIL', 'NAME', 'ROLE', 'ACTS FOR', 'LIVE TOKENS', 'EXPIRES', 'STATE'].join('\t'));
        for (const row of rows) console.log(row.join('\t'));
        return 0;
      }
      default:
        return 2; // unreachable: the command was checked above
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
