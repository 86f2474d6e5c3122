/** Upserting by code: only values that differ are assigned, so an unchanged row writes nothing. */

const same = (a: unknown, b: unknown): boolean => {
  const idOf = (v: unknown) => (v && typeof v === 'object' && 'id' in v ? (v as { id: unknown }).id : undefined);
  if (idOf(a) !== undefined || idOf(b) !== undefined) return idOf(a) === idOf(b);
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
};

/** Assigns every defined value that differs from the entity's; returns whether any did. */
export function assignChanged<T extends object>(entity: T, values: Partial<T>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || same((entity as any)[key], value)) continue;
    (entity as any)[key] = value;
    changed = true;
  }
  return changed;
}

/** The defined values only (undefined means "not in the file"). */
export function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
