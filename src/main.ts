/** `npm start`: migrate, seed an empty database, serve; SIGTERM/SIGINT shut down cleanly. */
import './threadpool';
import 'reflect-metadata';
import { loadConfig } from './config';
import { createServices, closeServices, StartupError } from './app';
import { createLogger } from './logger';
import { startServer } from './server/http';
import { helpAndExitIfAsked } from './cli/help';
import { createWorker } from './worker/tasks';

async function main(): Promise<void> {
  helpAndExitIfAsked({
    usage: 'npm start',
    summary:
      'Migrates the database (and loads the seeds into an empty one), then serves GraphQL over HTTP and WebSocket on /graphql; SIGTERM or SIGINT drain and stop it. Settings come from the environment (README, "Settings").',
    environment: ['PORT', 'DATABASE_PATH', 'DATABASE_URL', 'REDIS_URL', 'WORKER', 'PUBLIC_READ', 'SEEDS_DIR', 'LOG_LEVEL', '…'],
    examples: ['PORT=4000 DATABASE_PATH=./data/tracker.sqlite npm start'],
  });
  const config = loadConfig();
  const services = await createServices(config, { seed: true });
  const server = await startServer(services);
  // The worker (outbox, webhooks, scheduled tasks) runs beside the server unless WORKER=false
  // (then `npm run worker` runs it on its own).
  const worker = config.workerEnabled ? createWorker(services) : null;
  worker?.start();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info({ signal }, 'shutting down');
    await server.stop();
    await worker?.stop();
    await closeServices(services);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  // One line for a person (stderr) and one JSON line for the log collector (stdout); a stack
  // trace only for what is not a known start-up failure.
  const message = err instanceof StartupError ? err.message : `cannot start: ${(err as Error)?.message ?? String(err)}`;
  console.error(message);
  createLogger('info').fatal(err instanceof StartupError ? {} : { err }, message);
  process.exit(1);
});
