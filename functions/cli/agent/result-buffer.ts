/**
 * Signed results waiting for the hub: bounded, first in first out. When it is full the
 * oldest result goes (the newest say most about now) and is counted, so the agent can
 * say how many were lost while the hub was unreachable.
 */
export class ResultBuffer<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  readonly #waiters = new Set<() => void>();
  #dropped = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`buffer capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#items.length;
  }

  /** Results dropped because the buffer was full, since the start. */
  get dropped(): number {
    return this.#dropped;
  }

  push(item: T): void {
    this.#items.push(item);
    while (this.#items.length > this.#capacity) {
      this.#items.shift();
      this.#dropped++;
    }
    for (const wake of [...this.#waiters]) wake();
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  /** Removes the head if it is still `item` (it may have been dropped meanwhile). */
  remove(item: T): void {
    if (this.#items[0] === item) this.#items.shift();
    else {
      const index = this.#items.indexOf(item);
      if (index >= 0) this.#items.splice(index, 1);
    }
  }

  /** Resolves when an item is pushed (at once when there is one), or when `signal` aborts. */
  waitForItem(signal: AbortSignal): Promise<void> {
    if (this.#items.length > 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.#waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
