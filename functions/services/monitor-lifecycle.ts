/**
 * What pausing, resuming and deleting a monitor does to its state: a `stop` or `resume`
 * input through the state machine, written conditionally like every transition. A stop
 * drops whatever checks were planned or in flight for the monitor, and resolves its open
 * incident with the reason in the ledger (see core/state-machine.ts).
 */
import type { Monitor } from '../core/monitor.ts';
import type { StopReason } from '../core/state.ts';
import type { TransitionDeps } from './deps.ts';
import { applyInput } from './transition.ts';

export interface MonitorLifecycle {
  /** Stops judging the monitor's checks; idempotent. */
  stop(monitor: Monitor, reason: StopReason): Promise<void>;
  /** Starts a paused monitor over from PENDING; nothing for one that is not paused. */
  resume(monitor: Monitor): Promise<void>;
}

export function monitorLifecycle(deps: TransitionDeps): MonitorLifecycle {
  return {
    async stop(monitor, reason) {
      await applyInput(deps, monitor, { type: 'stop', reason });
    },
    async resume(monitor) {
      await applyInput(deps, monitor, { type: 'resume' });
    },
  };
}
