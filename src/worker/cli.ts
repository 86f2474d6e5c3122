/** `npm run worker`: the worker alone (outbox, webhook deliveries, scheduled tasks), without the API. */
import '../threadpool';
import 'reflect-metadata';
import { loadConfig } from '../config';
import { createServices, closeServices, StartupError } from '../app';
import { createLogger } from '../logger';
import { helpAndExitIfAsked } from '../cli/help';
import { createWorker } from './tasks';

async function main(): Promise<void> {
  helpAndExitIfAsked({
    usage: 'npm run worker',
    summary:
      'Runs the worker on its own: delivers the outbox (webhooks) and runs the scheduled tasks, as `npm start` does beside the API unless WORKER=false. Any number may run against one database: work is claimed with a lease. SIGTERM or SIGINT let deliveries in flight finish, then stop it.',
    environment: ['DATABASE_PATH', 'DATABASE_URL', 'WORKER_POLL_MS', 'WEBHOOK_TIMEOUT_MS', 'WEBHOOK_ALLOWED_HOSTS', 'LOG_LEVEL'],
    examples: ['DATABASE_URL=postgres://tracker@db/tracker npm run worker', 'WORKER=false npm start & npm run worker'],
  });
  const config = loadConfig();
  const services = await createServices(config);
  const worker = createWorker(services);
  worker.start();
  services.logger.info({ worker: worker.id, tasks: worker.taskNames }, 'worker started');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info({ signal }, 'worker stopping');
    await worker.stop();
    await closeServices(services);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  const message = err instanceof StartupError ? err.message : `cannot start the worker: ${(err as Error)?.message ?? String(err)}`;
  console.error(message);
  createLogger('info').fatal(err instanceof StartupError ? {} : { err }, message);
  process.exit(1);
});
