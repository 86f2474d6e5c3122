/**
 * Idempotency keys: the first call with a key stores what it wrote; a retry with the same key
 * and the same input gets that result again without writing; the same key with a different
 * input is refused with IDEMPOTENCY_KEY_REUSED. Runs inside the mutation's transaction, so a
 * failed call stores nothing.
 */
import { createHash } from 'node:crypto';
import { IdempotencyRecord } from '../entities';
import { DomainError } from '../domain/errors';
import { MAX, requiredText } from '../domain/validation';
import type { Write } from './write';

type Result = Record<string, number | null>;

/** JSON with sorted keys, so that the same input always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as any)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export async function idempotent(
  w: Write,
  operation: string,
  key: string | null | undefined,
  input: object,
  run: () => Promise<Result>,
): Promise<{ result: Result; replayed: boolean }> {
  if (key === undefined || key === null) return { result: await run(), replayed: false };
  const cleanKey = requiredText('idempotencyKey', key, MAX.code * 2);
  const requestHash = createHash('sha256')
    .update(canonical({ ...input, idempotencyKey: undefined }))
    .digest('hex');
  const previous = await w.em.findOne(IdempotencyRecord, { user: w.user, operation, key: cleanKey });
  if (previous) {
    if (previous.requestHash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This idempotencyKey was already used with a different input', {
        field: 'idempotencyKey',
      });
    }
    return { result: previous.result, replayed: true };
  }
  const result = await run();
  w.em.create(IdempotencyRecord, { user: w.user, operation, key: cleanKey, requestHash, result, createdAt: w.now });
  return { result, replayed: false };
}
