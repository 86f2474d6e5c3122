/**
 * Managing webhooks (ADMIN and SECRETARIAT): the URL is checked against the forgery rules
 * (src/domain/webhook-addresses.ts) and resolved before it is saved; the secret is made here and
 * returned once. After a rotation the previous secret signs too, for 24 hours.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from '../entities';
import { authorize, policy, RULES } from '../auth/policy';
import { badInput } from '../domain/errors';
import { checkWebhookUrl, forbiddenMessage } from '../domain/webhook-addresses';
import { MAX, optionalText } from '../domain/validation';
import { Topic } from '../pubsub/events';
import type { EventFilterValues } from '../pubsub/filter';
import { resolveChecked, RefusedAddress } from '../webhooks/http';
import type { Config } from '../config';
import { byGlobalId } from './lookup';
import type { Write } from './write';

/** How long the secret before a rotation keeps signing. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;
const MAX_WEBHOOKS = 100;

export interface WebhookValues {
  url: string;
  topics: Topic[];
  filter: EventFilterValues;
}

export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** Checks the URL's form and scheme, then where its host resolves to (every address). */
export async function checkedUrl(config: Config, text: string): Promise<string> {
  const { url, allowed } = checkWebhookUrl(text, config.webhookAllowedHosts);
  try {
    await resolveChecked(url.hostname, allowed);
  } catch (err) {
    if (err instanceof RefusedAddress) throw badInput('url', err.address ? forbiddenMessage('url', err.address) : `url: ${err.message}`);
    throw badInput('url', `url: the host ${url.hostname} cannot be resolved (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return url.toString();
}

function checkedTopics(topics: readonly Topic[]): Topic[] {
  const unique = [...new Set(topics)];
  if (!unique.length) throw badInput('topics', `topics must name at least one of ${Object.values(Topic).join(', ')}`);
  return unique;
}

function mayManage(w: Write): void {
  authorize(w.user, policy.mayManageWebhooks(w.user), RULES.manageWebhooks);
}

export async function createWebhook(w: Write, config: Config, values: WebhookValues): Promise<{ webhook: Webhook; secret: string }> {
  mayManage(w);
  if ((await w.em.count(Webhook, { archivedAt: null })) >= MAX_WEBHOOKS) throw badInput('url', `At most ${MAX_WEBHOOKS} webhooks`);
  const secret = newSecret();
  const webhook = w.em.create(Webhook, {
    url: await checkedUrl(config, values.url),
    topics: checkedTopics(values.topics),
    filter: values.filter,
    secret,
    createdBy: w.user,
    updatedBy: w.user,
  });
  return { webhook, secret };
}

async function found(w: Write, id: string): Promise<Webhook> {
  mayManage(w);
  const webhook = await byGlobalId(w.em, Webhook, 'id', id);
  if (webhook.archivedAt) throw badInput('id', 'This webhook was deleted');
  return webhook;
}

/** Changes what is given; `enabled: true` turns a disabled webhook back on (its failures forgotten). */
export async function updateWebhook(
  w: Write,
  config: Config,
  id: string,
  changes: Partial<WebhookValues> & { enabled?: boolean | null },
): Promise<Webhook> {
  const webhook = await found(w, id);
  if (changes.url !== undefined && changes.url !== null) webhook.url = await checkedUrl(config, changes.url);
  if (changes.topics !== undefined && changes.topics !== null) webhook.topics = checkedTopics(changes.topics);
  if (changes.filter !== undefined) webhook.filter = changes.filter ?? {};
  if (changes.enabled === true && webhook.disabledAt) {
    webhook.disabledAt = null;
    webhook.disabledReason = null;
    webhook.failingSince = null;
  } else if (changes.enabled === false && !webhook.disabledAt) disable(w, webhook, null);
  webhook.updatedBy = w.user as never;
  return webhook;
}

function disable(w: Write, webhook: Webhook, reason: string | null): void {
  webhook.disabledAt = w.now;
  webhook.disabledReason = optionalText('reason', reason, MAX.reason) ?? `Disabled by ${w.user.email}`;
}

export async function disableWebhook(w: Write, id: string, reason?: string | null): Promise<Webhook> {
  const webhook = await found(w, id);
  if (!webhook.disabledAt) disable(w, webhook, reason ?? null);
  webhook.updatedBy = w.user as never;
  return webhook;
}

export async function rotateWebhookSecret(w: Write, id: string): Promise<{ webhook: Webhook; secret: string }> {
  const webhook = await found(w, id);
  await w.em.populate(webhook, ['secret']);
  const secret = newSecret();
  webhook.previousSecret = webhook.secret;
  webhook.previousSecretExpiresAt = new Date(w.now.getTime() + ROTATION_OVERLAP_MS);
  webhook.secret = secret;
  webhook.updatedBy = w.user as never;
  return { webhook, secret };
}
