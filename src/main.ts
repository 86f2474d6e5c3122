/** `npm start`: migrate, seed an empty database, serve; SIGTERM/SIGINT shut down cleanly. */
import './threadpool';
import 'reflect-metadata';
import { loadConfig } from './config';
import { createServices, closeServices, StartupError } from './app';
import { createLogger } from './logger';
import { startServer } from './server/http';

async function main(): Promise<void> {
  const config = loadConfig();
  const services = await createServices(config, { seed: true });
  const server = await startServer(services);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info({ signal }, 'shutting down');
    await server.stop();
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
