/**
 * An actor's country is its own, or else its parent's (a ministry belongs to its state). The one
 * SQL form used by filters, aggregates, event scopes and so by the ombudsperson rule.
 */
export function actorCountrySql(actor: string, parent: string): string {
  return `coalesce(${actor}.country, ${parent}.country)`;
}
