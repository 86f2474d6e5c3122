/**
 * /healthz answers at once from checks made in the background, so it never waits behind a busy
 * database: a read on the read pool, the write path's last storage failure, free disk space
 * beside the database file, and now and then the database's own structure check.
 * - `unavailable` (HTTP 503): reads fail or do not answer;
 * - `degraded` (HTTP 200, with reasons): writes fail for a storage reason, the disk is nearly
 *   full, or the file is damaged; reads still work;
 * - `ok`.
 */
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { EntityManager } from '@mikro-orm/knex';
import type { AppServices } from './context';
import { integrityProblems, readCheck } from '../queries/health';
import { writeQueueOf } from '../db/write-queue';

export type HealthStatus = 'ok' | 'degraded' | 'unavailable';

export interface HealthReport {
  status: HealthStatus;
  /** Why it is not ok, one sentence each. */
  reasons: string[];
  /** When the background checks last ran (ISO). */
  checkedAt: string;
}

/** A read that takes longer than this counts as failed. */
const READ_TIMEOUT_MS = 2_000;

export class HealthMonitor {
  private readReason: string | null = null;
  private diskReason: string | null = null;
  private integrityReason: string | null = null;
  private checkedAt: Date;
  private lastIntegrityAt = -Infinity;
  private cancel: () => void = () => {};
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  private constructor(private readonly services: AppServices) {
    this.checkedAt = services.clock.now();
  }

  /** Runs the first checks (so the first answer is real), then repeats them in the background. */
  static async start(services: AppServices): Promise<HealthMonitor> {
    const monitor = new HealthMonitor(services);
    await monitor.check();
    monitor.scheduleNext();
    return monitor;
  }

  report(): HealthReport {
    const writeFailure = writeQueueOf(this.services.orm).storageFailure;
    const degraded = [writeFailure && `writes are failing: ${writeFailure}`, this.diskReason, this.integrityReason].filter(
      (r): r is string => Boolean(r),
    );
    const status: HealthStatus = this.readReason ? 'unavailable' : degraded.length ? 'degraded' : 'ok';
    return { status, reasons: this.readReason ? [this.readReason, ...degraded] : degraded, checkedAt: this.checkedAt.toISOString() };
  }

  /** One round of checks; a round never overlaps the previous one. */
  async check(): Promise<void> {
    this.running = this.running.then(() => this.runChecks());
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel();
    await this.running;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    this.cancel = this.services.clock.schedule(() => {
      void this.check().finally(() => this.scheduleNext());
    }, this.services.config.healthCheckIntervalMs);
  }

  private async runChecks(): Promise<void> {
    const em = this.services.orm.em.fork() as EntityManager;
    const { config, clock, logger } = this.services;
    this.readReason = await failureOf(() => withTimeout(readCheck(em), READ_TIMEOUT_MS), 'reads are failing');
    this.diskReason = config.databaseUrl ? null : await diskReason(config.databasePath, config.healthMinFreeBytes);
    const now = clock.now().getTime();
    if (!this.readReason && now - this.lastIntegrityAt >= config.healthIntegrityIntervalMs) {
      this.lastIntegrityAt = now;
      this.integrityReason = await failureOf(async () => {
        const problems = await integrityProblems(em);
        if (problems.length) throw new Error(problems.slice(0, 3).join('; '));
      }, 'the database file is damaged');
    }
    this.checkedAt = clock.now();
    const report = this.report();
    if (report.status !== 'ok') logger.warn({ health: report }, 'health check: not ok');
  }
}

async function failureOf(check: () => Promise<void>, what: string): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (err) {
    return `${what}: ${String((err as Error).message ?? err)
      .split('\n')[0]
      .slice(0, 200)}`;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function diskReason(databasePath: string, minFreeBytes: number): Promise<string | null> {
  try {
    const fs = await statfs(dirname(resolve(databasePath)));
    const free = Number(fs.bavail) * Number(fs.bsize);
    if (free >= minFreeBytes) return null;
    const mb = (n: number) => `${Math.floor(n / 1024 / 1024)} MB`;
    return `the disk of the database is nearly full: ${mb(free)} free, under HEALTH_MIN_FREE_BYTES (${mb(minFreeBytes)})`;
  } catch (err) {
    return `cannot read the free space of the database's disk: ${(err as Error).message}`;
  }
}
