/**
 * The time rule of commitment ↔ recommendation links, in one place: a commitment cannot answer
 * a recommendation made after it began. A RESPONDS_TO link whose commitment started before the
 * recommendation's source date is refused on every write (API, import, seeds); such a measure
 * may still be linked as CONTRIBUTES_TO. Partial dates compare at the coarser of the two
 * precisions ("2008" is not before "2008-10-23"); equal or missing dates pass.
 */
import { CommitmentLinkKind } from './enums';

/** Whether partial date `a` is strictly before `b`, compared at the coarser precision. */
export function isBeforeAtCoarserPrecision(a: string, b: string): boolean {
  const length = Math.min(a.length, b.length);
  return a.slice(0, length) < b.slice(0, length);
}

/** Why a link breaks the time rule, or null when it keeps it. */
export function linkTimeProblem(
  kind: CommitmentLinkKind,
  commitmentStart: string | null | undefined,
  sourceDate: string | null | undefined,
): string | null {
  if (kind !== CommitmentLinkKind.RESPONDS_TO || !commitmentStart || !sourceDate) return null;
  if (!isBeforeAtCoarserPrecision(commitmentStart, sourceDate)) return null;
  return (
    `a commitment that began ${commitmentStart} cannot respond to a recommendation issued ${sourceDate}; ` +
    `link it as ${CommitmentLinkKind.CONTRIBUTES_TO}`
  );
}
