/** Time and identity, passed in so that the core stays deterministic under test. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface IdGenerator {
  /** A new unique, URL-safe id. */
  next(): string;
}
