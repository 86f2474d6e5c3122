/**
 * Event filters: AND between kinds, OR within one kind; an empty or missing kind matches all. Ids
 * and codes of one kind (actorIds, actorCodes) are one kind: an event matches either. An actor
 * matches a commitment's lead or one of its partners.
 */
import type { TrackerEvent } from './events';

export interface EventFilterValues {
  /** Local actor ids. */
  actorIds?: number[] | null;
  actorCodes?: string[] | null;
  /** Local commitment ids. */
  commitmentIds?: number[] | null;
  commitmentCodes?: string[] | null;
  countryCodes?: string[] | null;
  sourceCodes?: string[] | null;
  recommendationCodes?: string[] | null;
  /** Themes of the recommendations the commitment addresses. */
  themes?: string[] | null;
}

const given = <T>(values: T[] | null | undefined): values is T[] => !!values?.length;

/** Whether a kind given by ids and/or codes matches one of the records: true when neither is given. */
function byIdOrCode(
  ids: number[] | null | undefined,
  codes: string[] | null | undefined,
  idsOf: readonly number[],
  codesOf: readonly string[],
): boolean {
  if (!given(ids) && !given(codes)) return true;
  return (given(ids) && idsOf.some((id) => ids.includes(id))) || (given(codes) && codesOf.some((code) => codes.includes(code)));
}

const any = <T>(wanted: T[] | null | undefined, test: (value: T) => boolean) => !given(wanted) || wanted.some(test);

export function matchesFilter(event: TrackerEvent, filter: EventFilterValues | null | undefined): boolean {
  if (!filter) return true;
  return (
    byIdOrCode(
      filter.actorIds,
      filter.actorCodes,
      [event.actorId, ...(event.partnerActorIds ?? [])],
      [event.actorCode, ...(event.partnerActorCodes ?? [])],
    ) &&
    byIdOrCode(filter.commitmentIds, filter.commitmentCodes, [event.commitmentId], [event.commitmentCode]) &&
    any(filter.countryCodes, (c) => c.toUpperCase() === event.country) &&
    any(filter.sourceCodes, (c) => event.sourceCodes.includes(c)) &&
    any(filter.recommendationCodes, (c) => event.recommendationCodes.includes(c)) &&
    // An event published by an instance that predates themes carries none.
    any(filter.themes, (theme) => (event.themes ?? []).includes(theme))
  );
}
