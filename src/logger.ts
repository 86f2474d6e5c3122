import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Credentials never reach a log line: authorization headers and socket connection params,
 * tokens, passwords, and the settings that may hold one (DATABASE_URL, SMTP_URL) are redacted
 * wherever they appear in a logged object, up to three levels deep.
 */
const SECRET_KEYS = ['authorization', 'connectionParams', 'token', 'password', 'databaseUrl', 'smtpUrl', 'DATABASE_URL', 'SMTP_URL'];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** Structured JSON logs on stdout (or `destination`); each operation's lines carry its requestId. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'follow-up-tracker' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
