/** Relay global IDs: base64url("Type:localId"), opaque to clients. */
export function toGlobalId(type: string, id: number | string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string): { type: string; id: number } | null {
  let decoded: string;
  try {
    decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  } catch {
    return null;
  }
  const sep = decoded.indexOf(':');
  if (sep <= 0) return null;
  const id = Number(decoded.slice(sep + 1));
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return { type: decoded.slice(0, sep), id };
}
