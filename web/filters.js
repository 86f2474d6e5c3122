/**
 * The dashboard's filters live in the URL's query string (?source=…&country=…&actor=…&theme=…),
 * so a view can be bookmarked and shared; each may repeat (OR within a kind, AND between kinds,
 * as the API combines them).
 */

/** Query-string parameter → the CommitmentFilter field it fills. */
export const FILTER_FIELDS = {
  source: 'sourceCodes',
  country: 'countryCodes',
  actor: 'actorCodes',
  theme: 'themes',
};

/** The filters of a query string: { source: ['STOCKHOLM-1996'], country: [], … }. */
export function readFilters(search = window.location.search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const name of Object.keys(FILTER_FIELDS)) {
    filters[name] = params
      .getAll(name)
      .map((value) => value.trim())
      .filter(Boolean);
  }
  return filters;
}

/** The query string of some filters ('' when none), in a stable order. */
export function filtersQuery(filters) {
  const params = new URLSearchParams();
  for (const name of Object.keys(FILTER_FIELDS)) for (const value of filters[name] ?? []) params.append(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API's CommitmentFilter for the filters (null when there are none). */
export function commitmentFilter(filters) {
  const filter = {};
  for (const [name, field] of Object.entries(FILTER_FIELDS)) {
    if (filters[name]?.length) filter[field] = filters[name];
  }
  return Object.keys(filter).length ? filter : null;
}

/** The same for subscriptions: the EventFilter takes the same kinds. */
export const eventFilter = commitmentFilter;

export function hasFilters(filters) {
  return Object.values(filters).some((values) => values.length > 0);
}
