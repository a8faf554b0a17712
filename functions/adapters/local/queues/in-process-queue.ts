/**
 * An in-process queue with what the local mode needs from SQS: per-message delays,
 * a bounded number of concurrent consumers, redelivery when a handler throws, and
 * copies instead of shared objects (each message is structured-cloned on send, and
 * each delivery gets its own copy). Timers are unref'd: a queue never keeps the
 * process alive on its own.
 */
import { CrossCheckError, ValidationError } from '../../../core/errors.ts';

export interface InProcessQueueOptions<T> {
  /** Shown in errors and dead-letter reports. @default 'queue' */
  readonly name?: string;
  /** Messages handled at once. @default 10 */
  readonly concurrency?: number;
  /** Deliveries of one message before it is given up. @default 3 */
  readonly maxAttempts?: number;
  /** Wait before redelivering a message whose handler threw. @default 1000 */
  readonly retryDelayMs?: number;
  /** Told about a message given up after `maxAttempts` failed deliveries. @default console.error */
  readonly onDeadLetter?: (message: T, error: unknown, queueName: string) => void;
}

export interface QueueStats {
  /** Waiting for a consumer slot. */
  readonly ready: number;
  /** Waiting for their delay (or a redelivery) to pass. */
  readonly delayed: number;
  /** Being handled now. */
  readonly inFlight: number;
}

interface Entry<T> {
  readonly message: T;
  attempts: number;
}

export class InProcessQueue<T> {
  readonly name: string;
  readonly #concurrency: number;
  readonly #maxAttempts: number;
  readonly #retryDelayMs: number;
  readonly #onDeadLetter: (message: T, error: unknown, queueName: string) => void;
  readonly #ready: Entry<T>[] = [];
  readonly #delayed = new Map<ReturnType<typeof setTimeout>, Entry<T>>();
  readonly #idle: (() => void)[] = [];
  #inFlight = 0;
  #handler: ((message: T) => Promise<void>) | null = null;
  #pumpScheduled = false;
  #closed = false;

  constructor(options: InProcessQueueOptions<T> = {}) {
    this.name = options.name ?? 'queue';
    this.#concurrency = positiveInteger(options.concurrency ?? 10, 'concurrency');
    this.#maxAttempts = positiveInteger(options.maxAttempts ?? 3, 'maxAttempts');
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
    this.#onDeadLetter =
      options.onDeadLetter ??
      ((message, error, queueName) => console.error(`${queueName}: message given up after ${this.#maxAttempts} attempts`, error, message));
  }

  /** Queues a copy of `message`, delivered after `delaySeconds` (0: as soon as a consumer slot is free). */
  send(message: T, delaySeconds = 0): void {
    if (this.#closed) throw new CrossCheckError(`${this.name} is closed`);
    if (!Number.isFinite(delaySeconds) || delaySeconds < 0) {
      throw new ValidationError([{ path: 'delaySeconds', message: 'must be a non-negative number of seconds' }]);
    }
    const entry: Entry<T> = { message: structuredClone(message), attempts: 0 };
    if (delaySeconds === 0) this.#enqueue(entry);
    else this.#later(entry, delaySeconds * 1000);
  }

  /** Registers the one consumer; handlers run at most `concurrency` at a time. */
  consume(handler: (message: T) => Promise<void>): void {
    if (this.#closed) throw new CrossCheckError(`${this.name} is closed`);
    if (this.#handler !== null) throw new CrossCheckError(`${this.name} has a consumer already`);
    this.#handler = handler;
    this.#schedulePump();
  }

  /**
   * Resolves once nothing is ready, delayed or in flight (delays are waited out: use
   * `deliverDelayedNow` first to skip them). Rejects when messages wait and no consumer is registered.
   */
  drain(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    if (this.#handler === null) return Promise.reject(new CrossCheckError(`${this.name} has messages but no consumer`));
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Makes every delayed message ready now (for tests and "check now"). Returns how many. */
  deliverDelayedNow(): number {
    const entries = [...this.#delayed];
    this.#delayed.clear();
    for (const [timer, entry] of entries) {
      clearTimeout(timer);
      this.#enqueue(entry);
    }
    return entries.length;
  }

  /** Stops accepting messages and drops those not yet delivered; handlers in flight finish. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#delayed.keys()) clearTimeout(timer);
    this.#delayed.clear();
    this.#ready.length = 0;
    this.#settleIfIdle();
  }

  stats(): QueueStats {
    return { ready: this.#ready.length, delayed: this.#delayed.size, inFlight: this.#inFlight };
  }

  #enqueue(entry: Entry<T>): void {
    this.#ready.push(entry);
    this.#schedulePump();
  }

  #later(entry: Entry<T>, ms: number): void {
    const timer = setTimeout(() => {
      this.#delayed.delete(timer);
      this.#enqueue(entry);
    }, ms);
    timer.unref();
    this.#delayed.set(timer, entry);
  }

  // Deliveries start on a microtask, never inside send(): a producer is not re-entered by its consumer.
  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    const handler = this.#handler;
    if (handler === null) return;
    while (!this.#closed && this.#inFlight < this.#concurrency && this.#ready.length > 0) {
      const entry = this.#ready.shift()!;
      entry.attempts += 1;
      this.#inFlight += 1;
      Promise.resolve()
        .then(() => handler(structuredClone(entry.message)))
        .catch((error: unknown) => this.#failed(entry, error))
        .finally(() => {
          this.#inFlight -= 1;
          this.#pump();
          this.#settleIfIdle();
        });
    }
  }

  #failed(entry: Entry<T>, error: unknown): void {
    if (entry.attempts < this.#maxAttempts && !this.#closed) {
      this.#later(entry, this.#retryDelayMs);
      return;
    }
    try {
      this.#onDeadLetter(entry.message, error, this.name);
    } catch {
      // A failing report must not take the queue down.
    }
  }

  #isIdle(): boolean {
    return this.#ready.length === 0 && this.#delayed.size === 0 && this.#inFlight === 0;
  }

  #settleIfIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}

function positiveInteger(value: number, path: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new ValidationError([{ path, message: 'must be a positive integer' }]);
  return value;
}
