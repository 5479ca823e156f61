import { LocalDatabaseError } from '../../../db/database-errors';

/** The LocalDatabaseError a call throws; fails the test when it throws something else or nothing. */
export function refusal(fn: () => unknown): LocalDatabaseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LocalDatabaseError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
