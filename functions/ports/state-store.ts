import type { MonitorState } from '../core/state.ts';

/** How a state is read. */
export interface StateRead {
  /**
   * false allows an eventually consistent read: cheaper where the store has the choice
   * (DynamoDB bills half), but it may not show a write of the last moment. Stores that
   * are always consistent ignore it. @default true
   */
  readonly consistent?: boolean;
}

export interface StateStore {
  get(monitorId: string, read?: StateRead): Promise<MonitorState | null>;
  /**
   * Conditional write: stores `next` with version `expectedVersion + 1` only when the
   * stored version is `expectedVersion` (absent when 0). ConflictError otherwise.
   * Returns the state as stored.
   */
  put(next: MonitorState, expectedVersion: number): Promise<MonitorState>;
  delete(monitorId: string): Promise<void>;
}

/** Remembers which alerts went out, so that a retried step never alerts twice. */
export interface AlertLog {
  /** true the first time an id is claimed, false ever after. */
  claim(alertId: string, at: string): Promise<boolean>;
}
