/**
 * Settings shared by the property-based tests (fast-check): each property runs with a
 * fixed seed and a bounded number of runs, and stops early (as a pass) if it runs out
 * of its time budget, so that every file finishes in a few seconds under `npm test`.
 *
 * To explore: FUZZ_SEED=<n> picks another seed for every property, FUZZ_RUNS=<n>
 * overrides the number of runs, FUZZ_TIME_MS=<ms> the time budget per property.
 * A failure prints its seed and path; replay it with those (`{ seed, path }`).
 */
import fc from 'fast-check';

const fromEnv = (name: string): number | undefined => {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, not ${JSON.stringify(text)}`);
  return value;
};

/** The seed every property starts from, offset by its own number so properties do not share inputs. */
export const FUZZ_SEED = fromEnv('FUZZ_SEED') ?? 0x5eed_c0de;

export interface FuzzBudget {
  /** Runs of the property. */
  readonly runs: number;
  /** Stops (as a pass) after this long. @default 3000 */
  readonly timeMs?: number;
  /** Distinguishes the properties of a file: added to the seed. @default 0 */
  readonly offset?: number;
}

export function fuzzParameters<T>(budget: FuzzBudget): fc.Parameters<T> {
  return {
    seed: FUZZ_SEED + (budget.offset ?? 0),
    numRuns: fromEnv('FUZZ_RUNS') ?? budget.runs,
    plugins: [fc.interruptAfterTimeLimit(fromEnv('FUZZ_TIME_MS') ?? budget.timeMs ?? 3_000)],
  };
}

/** A vitest timeout that covers a property's time budget with room for setup and shrinking. */
export const FUZZ_TEST_TIMEOUT_MS = 30_000;

/** Text with the characters parsers trip on: controls, quotes, brackets, escapes, lone surrogates, astral code points. */
export const nastyString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.string({
    maxLength,
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...'\u0000\t\n\r "\'\\`$%&#?/:;,.=@[]{}()<>|*+-_~^!\u007f\u0085\u00a0\u00e9\u2028\u202e\ufeff\uffff') },
      { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme-ascii' }) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }) },
      { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)) },
    ),
  });
