/** Sending over SMTP (SMTP_URL) with nodemailer; one pooled transport per process. */
import { createTransport } from 'nodemailer';
import type { Config } from '../config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Longest wait for the mail server (connecting, greeting, each command), so a dead server never holds the worker. */
const SMTP_TIMEOUT_MS = 30_000;

export function smtpMailer(config: Config): Mailer {
  if (!config.smtpUrl) throw new Error('SMTP_URL is not set');
  const url = new URL(config.smtpUrl);
  const transport = createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    async send(mail) {
      await transport.sendMail({ from: config.mailFrom, ...mail });
    },
    close: () => transport.close(),
  };
}
