/**
 * The revocation signal: is a credential that a long-lived connection holds still good? It is
 * answered from memory, so re-checking every subscriber before every event costs no query each.
 *
 * Revoking (or deleting) a token, disabling or enabling a user, and changing a user's role, actor
 * or country append a row to the `credential_change` log (database triggers, so whoever writes:
 * the API, the user CLI, raw SQL). A changed user's credentials still hold, but what a connection
 * was authorized for no longer does: its watchers are told once (`CHANGED`), and the client
 * connects again with its new rights. Each API instance keeps in memory the tokens revoked and the users disabled since it
 * started, reading the log past the last row it has seen:
 * - before a subscription event is delivered (`catchUp()`: one indexed query, shared by every
 *   caller that asks while it runs), so a change committed before an event was published ends
 *   the streams before that event, on every instance, even when no ping reached it;
 * - when pinged on the event bus (`announce()`, after a write on any instance; the user CLI when
 *   REDIS_URL is set), so idle connections are closed at once;
 * Every SWEEP_MS a real, unreferenced timer checks the watched credentials' expiry (by the
 * injected clock's time) from memory, so a socket whose token expires while idle is closed too.
 * It reads nothing from the database: no statement runs that no request or event asked for.
 * A credential is checked against the database when it is presented, so only what changes after
 * that matters: an instance starts reading at the log's end.
 *
 * SQLite hands out the log's ids in commit order (one writer at a time). A database whose ids
 * can commit out of order (PostgreSQL sequences) must read the log another way.
 */
import type { Orm } from '../db/orm';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock';
import { CREDENTIALS_CHANNEL, type Events } from '../pubsub/events';

/** What a connection authenticated with: the token and its user, as they were when presented. */
export interface Credential {
  tokenId: number;
  userId: number;
  expiresAt: Date | null;
}

interface ChangeRow {
  id: number;
  kind: 'TOKEN_REVOKED' | 'USER_DISABLED' | 'USER_ENABLED' | 'USER_CHANGED';
  user_id: number;
  token_id: number | null;
}

/** Why a connection's credential stopped holding: revoked, expired or disabled; or its user's rights changed. */
export type CredentialEnd = 'REVOKED' | 'CHANGED';

interface Watcher {
  credential: Credential;
  listener: (why: CredentialEnd) => void;
}

/** How often the watched credentials' expiry is checked without any event or operation. */
export const SWEEP_MS = 10_000;

export class Revocations {
  private readonly revokedTokens = new Set<number>();
  private readonly disabledUsers = new Set<number>();
  private readonly watchers = new Set<Watcher>();
  private lastSeen = 0;
  private reading: Promise<void> | null = null;
  private readingAgain: Promise<void> | null = null;
  private closed = false;
  private sweep: NodeJS.Timeout | null = null;

  private constructor(
    private readonly orm: Orm,
    private readonly clock: Clock,
    private readonly events: Events,
    private readonly logger: Logger,
  ) {}

  static async start(orm: Orm, clock: Clock, events: Events, logger: Logger): Promise<Revocations> {
    const revocations = new Revocations(orm, clock, events, logger);
    const [last] = await orm.em.getConnection().execute<{ id: number | null }[]>(`select max(id) as id from credential_change`);
    revocations.lastSeen = Number(last?.id ?? 0);
    revocations.listen();
    revocations.scheduleSweep();
    return revocations;
  }

  /** Not revoked, its user not disabled, not expired (by the injected clock): from memory only. */
  isStillValid(credential: Credential): boolean {
    return (
      !this.revokedTokens.has(credential.tokenId) &&
      !this.disabledUsers.has(credential.userId) &&
      (!credential.expiresAt || credential.expiresAt > this.clock.now())
    );
  }

  /**
   * Calls `listener` once, as soon as this instance learns that `credential` no longer holds, or
   * that its user's role, actor or country changed after it was presented. Returns a function
   * that stops watching (call it when the connection closes).
   */
  onRevoked(credential: Credential, listener: (why: CredentialEnd) => void): () => void {
    const watcher = { credential, listener };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /**
   * Reads the changes committed since the last read. A caller that arrives while a read is under
   * way waits for the next one, which starts after it: the query a caller waits for always began
   * after the caller asked, and any number of callers at once cost at most two queries.
   */
  catchUp(): Promise<void> {
    if (!this.reading) {
      this.reading = this.readLog().finally(() => (this.reading = null));
      return this.reading;
    }
    this.readingAgain ??= this.reading
      .catch(() => undefined)
      .then(() => {
        this.readingAgain = null;
        return this.catchUp();
      });
    return this.readingAgain;
  }

  /**
   * After a change committed here: apply it at once, and ping the other instances. Never throws:
   * the change is committed, and the next event or sweep reads it anyway.
   */
  async announce(): Promise<void> {
    try {
      await this.catchUp();
    } catch (err) {
      this.logger.warn({ err }, 'could not read the credential change log');
    }
    this.events.publish(CREDENTIALS_CHANNEL, {});
  }

  close(): void {
    this.closed = true;
    if (this.sweep) clearInterval(this.sweep);
    this.watchers.clear();
    // The ping listener ends with the event bus (closed next): unsubscribing now would race
    // Redis's disconnect.
  }

  private async readLog(): Promise<void> {
    const rows = await this.orm.em
      .getConnection()
      .execute<ChangeRow[]>(`select id, kind, user_id, token_id from credential_change where id > ? order by id`, [this.lastSeen]);
    const changedUsers = new Set<number>();
    for (const row of rows) {
      if (row.kind === 'TOKEN_REVOKED' && row.token_id !== null) this.revokedTokens.add(Number(row.token_id));
      if (row.kind === 'USER_DISABLED') this.disabledUsers.add(Number(row.user_id));
      if (row.kind === 'USER_ENABLED') this.disabledUsers.delete(Number(row.user_id));
      if (row.kind === 'USER_CHANGED') changedUsers.add(Number(row.user_id));
      this.lastSeen = Number(row.id);
    }
    if (rows.length) this.notify(changedUsers);
  }

  /**
   * Tells the watchers of every credential that no longer holds, and of every credential of a
   * user whose rights changed (those watched now were presented before the change), once each.
   */
  private notify(changedUsers: ReadonlySet<number> = new Set()): void {
    for (const watcher of this.watchers) {
      const why: CredentialEnd | null = !this.isStillValid(watcher.credential)
        ? 'REVOKED'
        : changedUsers.has(watcher.credential.userId)
          ? 'CHANGED'
          : null;
      if (!why) continue;
      this.watchers.delete(watcher);
      try {
        watcher.listener(why);
      } catch (err) {
        this.logger.error({ err }, 'revocation listener failed');
      }
    }
  }

  private listen(): void {
    const pings = this.events.subscribe(CREDENTIALS_CHANNEL)[Symbol.asyncIterator]();
    void (async () => {
      for (let ping = await pings.next(); !ping.done && !this.closed; ping = await pings.next()) {
        this.catchUp().catch((err) => this.logger.warn({ err }, 'could not read the credential change log'));
      }
    })();
  }

  private scheduleSweep(): void {
    this.sweep = setInterval(() => this.notify(), SWEEP_MS);
    this.sweep.unref();
  }
}
