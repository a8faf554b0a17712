import type { MonitorState } from '../core/state.ts';

export interface StateStore {
  get(monitorId: string): Promise<MonitorState | null>;
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
