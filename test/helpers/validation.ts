/** What a `ValidationError` says, as `path: message` lines, for tests that check a parser refuses input. */
import { ValidationError } from '../../functions/core/errors.ts';

/** Runs `run`, which must throw a `ValidationError`, and returns its issues as `path: message`. */
export function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a ValidationError');
}
