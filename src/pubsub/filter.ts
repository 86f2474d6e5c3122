/** Event filters: AND between kinds, OR within one kind; an empty or missing kind matches all. */
import type { TrackerEvent } from './events';

export interface EventFilterValues {
  /** Local actor ids. */
  actorIds?: number[] | null;
  countryCodes?: string[] | null;
  sourceCodes?: string[] | null;
  recommendationCodes?: string[] | null;
}

const any = <T>(wanted: T[] | null | undefined, test: (value: T) => boolean) => !wanted?.length || wanted.some(test);

export function matchesFilter(event: TrackerEvent, filter: EventFilterValues | null | undefined): boolean {
  if (!filter) return true;
  return (
    any(filter.actorIds, (id) => id === event.actorId) &&
    any(filter.countryCodes, (c) => c.toUpperCase() === event.country) &&
    any(filter.sourceCodes, (c) => event.sourceCodes.includes(c)) &&
    any(filter.recommendationCodes, (c) => event.recommendationCodes.includes(c))
  );
}
