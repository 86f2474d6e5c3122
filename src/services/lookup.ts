import type { EntityManager } from '@mikro-orm/knex';
import type { EntityName, FilterQuery } from '@mikro-orm/core';
import { notFound } from '../domain/errors';
import { BELONGS_TO, assertNotArchived, type Archivable } from '../domain/archived';
import { idOf } from '../domain/validation';

/** Loads the record a global ID names, or NOT_FOUND naming the input field. */
export async function byGlobalId<T extends object>(
  em: EntityManager,
  entity: EntityName<T> & { name: string },
  field: string,
  globalId: string,
): Promise<T> {
  const id = idOf(field, globalId, entity.name);
  const found = await em.findOne(entity, { id } as unknown as FilterQuery<T>);
  if (!found) throw notFound(entity.name, globalId, field);
  return found;
}

export async function byCode<T extends object>(
  em: EntityManager,
  entity: EntityName<T> & { name: string },
  field: string,
  code: string,
): Promise<T> {
  const found = await em.findOne(entity, { code } as unknown as FilterQuery<T>);
  if (!found) throw notFound(entity.name, code, field);
  return found;
}

/**
 * Refuses with ARCHIVED a write to any of `records` (src/domain/archived.ts), loading first what
 * each belongs to. Call it after the permission check, so that a caller who may not write learns
 * nothing about the record.
 */
export async function assertWritable(em: EntityManager, ...records: (Archivable | null | undefined)[]): Promise<void> {
  for (const record of records) {
    const paths = record ? BELONGS_TO[record.constructor.name] : undefined;
    if (paths?.length) await em.populate(record as object, paths as never[]);
  }
  assertNotArchived(...records);
}
