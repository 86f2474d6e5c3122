/**
 * The worker task (src/worker) that sends e-mail digests (src/digests/run.ts). It looks for due
 * digests every DIGEST_POLL_MS on the injected clock; a digest is due at its own local hour
 * (src/domain/digest-schedule.ts), so it goes out within a minute of it.
 */
import type { AppServices } from '../server/context';
import type { WorkerTask } from '../worker/worker';
import { sendDueDigests } from './run';
import { smtpMailer, type Mailer } from './mailer';

export const DIGEST_TASK = 'digests';
export const DIGEST_POLL_MS = 60_000;

export function digestTask(services: AppServices, mailer: Mailer = smtpMailer(services.config)): WorkerTask {
  return {
    name: DIGEST_TASK,
    everyMs: DIGEST_POLL_MS,
    async run(): Promise<void> {
      await sendDueDigests(services, mailer);
    },
    stop(): void {
      mailer.close();
    },
  };
}
