/**
 * Dates with the precision a source gives: "2000", "2000-06" or "2000-06-30".
 * Comparisons use the last day the value covers ("due 2000" means by 31 December 2000).
 */
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isPartialDate(value: string): boolean {
  const m = PARTIAL_DATE.exec(value);
  if (!m) return false;
  const [, , month, day] = m;
  if (month && (Number(month) < 1 || Number(month) > 12)) return false;
  if (day) return isFullDate(value);
  return true;
}

export function isFullDate(value: string): boolean {
  if (!FULL_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The last calendar day (YYYY-MM-DD) a partial date covers. */
export function lastDayOf(value: string): string {
  const m = PARTIAL_DATE.exec(value);
  if (!m) throw new Error(`Not a partial ISO date: ${value}`);
  const [, year, month, day] = m;
  if (day) return value;
  if (month) {
    const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
    return `${year}-${month}-${String(last).padStart(2, '0')}`;
  }
  return `${year}-12-31`;
}

/** The first calendar day (YYYY-MM-DD) a partial date covers. */
export function firstDayOf(value: string): string {
  const m = PARTIAL_DATE.exec(value);
  if (!m) throw new Error(`Not a partial ISO date: ${value}`);
  const [, year, month, day] = m;
  return `${year}-${month ?? '01'}-${day ?? '01'}`;
}

/** A calendar day (YYYY-MM-DD, UTC) for an instant. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
