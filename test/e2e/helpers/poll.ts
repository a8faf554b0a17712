/**
 * Waiting without fixed sleeps: ask again every 250 ms until the answer is there or
 * the deadline passes. A deadline is a generous bound for a test that would otherwise
 * hang, not a performance assertion; the failure says what was awaited and what was
 * last seen. An error thrown by the probe is not "not yet": it fails at once, so a
 * probe can also assert what must hold while waiting.
 */
export interface PollOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** What is awaited, for the failure message: "the incident to open". */
  readonly what: string;
  readonly intervalMs?: number;
}

/** What a probe returns while the awaited thing is not there yet: a note on what it saw. */
export class NotYet {
  readonly seen: string;
  constructor(seen: string) {
    this.seen = seen;
  }
}

/** Calls `probe` until it returns something other than a NotYet. */
export async function pollUntil<T>(probe: () => Promise<T | NotYet>, options: PollOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (!(value instanceof NotYet)) return value;
    if (Date.now() >= deadline) {
      throw new Error(`gave up after ${options.timeoutMs / 1000} s waiting for ${options.what}; last seen: ${value.seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
