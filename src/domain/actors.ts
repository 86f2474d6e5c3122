/**
 * What an actor's `country` means: the jurisdiction it answers to (a state and its national
 * bodies, a national NGO). International kinds have none: a UN office's or an
 * intergovernmental body's seat is not a jurisdiction, and giving it one would put its
 * commitments among that country's (filters, stats, an ombudsperson's scope).
 */
import { ActorKind } from './enums';

export const INTERNATIONAL_KINDS: readonly ActorKind[] = [ActorKind.UN_AGENCY, ActorKind.INTERGOVERNMENTAL_ORGANISATION];

/** Why an actor of `kind` may not have `country`, or null when it may. */
export function countryProblem(kind: ActorKind | null | undefined, country: string | null | undefined): string | null {
  if (!country || !kind || !INTERNATIONAL_KINDS.includes(kind)) return null;
  return `An actor of kind ${kind} has no country (country is the jurisdiction an actor answers to, not a seat)`;
}
