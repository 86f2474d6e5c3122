import pino, { type Logger } from 'pino';

/** Structured JSON logs on stdout; each operation's lines carry its requestId. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'follow-up-tracker' }, timestamp: pino.stdTimeFunctions.isoTime });
}
