import { DomainError } from '../../domain/errors';
import type { RowCheck } from '../cells';

/**
 * Runs a transition check (checkTransition of src/services/status.ts) for a row: a refused
 * transition is a problem of the status column, a missing reason one of `status_reason`.
 */
export function checkStatusChange(check: RowCheck, column: string, run: () => void): void {
  try {
    run();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    check.problem(err.extensions.field === 'reason' ? 'status_reason' : column, err.message);
  }
}
