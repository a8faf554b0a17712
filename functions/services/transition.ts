/**
 * Applying a state-machine input to a monitor's stored state, exactly once:
 *
 * 0. The common case, a passing check of a monitor that is UP with nothing pending,
 *    first looks at the state with an eventually consistent read (half the price in
 *    DynamoDB; a check job takes that look before it runs the check, to skip a monitor
 *    that was paused or deleted). When that state is a clean UP and the check changes nothing in it, the
 *    check is done: no write. Anything else (a failure, a state that is not clean, a
 *    change) goes on with a strongly consistent read below. A stale look could only
 *    miss a write made in the last moment by another handler, and every path away
 *    from a clean UP takes at least a verification round trip; the worst a stale look
 *    can do is let one passing check go uncounted (a success toward a recovery, or the
 *    reset of a region's failure count), never cause a transition or an alert.
 * 1. Read the state (or the initial PENDING one) and first carry out any effects a
 *    previous transition left pending (see `settle`).
 * 2. Decide. Nothing changed: no write.
 * 3. Write the next state, with the transition's effects as its pending effects, conditional on
 *    the version read. On ConflictError someone else wrote first: read again and
 *    re-decide (bounded). Only the winner of a transition has its effects in the
 *    state, so only it (or whoever completes after a crash) carries them out.
 * 4. Carry out the effects, then clear the pending effects with another conditional write.
 */
import { ConflictError } from '../core/errors.ts';
import type { LocationNetworks } from '../core/locations.ts';
import type { Monitor } from '../core/monitor.ts';
import { monitorRegions } from '../core/schedule.ts';
import type { Effect } from '../core/state-machine-effects.ts';
import { decide, type MachineInput, type MachineMonitor } from '../core/state-machine.ts';
import { initialState, type MonitorState } from '../core/state.ts';
import type { TransitionDeps } from './deps.ts';
import { carryOut } from './effects.ts';
import { isCleanUp } from './results.ts';

/** Conditional writes tried before giving up when other handlers keep writing first. */
export const MAX_STATE_ATTEMPTS = 10;

export interface TransitionOutcome {
  /** The state as stored after this input (and its effects). */
  readonly state: MonitorState;
  /** true when this input changed the state (this handler's write won). */
  readonly changed: boolean;
}

/**
 * `glance`: the state as an eventually consistent read already showed it (a check job
 * looks before it runs the check, see check-job.ts); read here when not given.
 */
export async function applyInput(deps: TransitionDeps, monitor: Monitor, input: MachineInput, glance?: MonitorState | null): Promise<TransitionOutcome> {
  const machine = machineMonitor(monitor, deps.regions, deps.networks);
  if (input.type === 'check' && input.result.success) {
    const look = glance === undefined ? await deps.states.get(monitor.id, { consistent: false }) : glance;
    if (look !== null && isCleanUp(look) && !decide(look, machine, input, deps.clock.now()).changed) return { state: look, changed: false };
  }
  for (let attempt = 0; attempt < MAX_STATE_ATTEMPTS; attempt++) {
    const state = await settle(deps, monitor, await load(deps, monitor.id));
    const decision = decide(state, machine, input, deps.clock.now());
    if (!decision.changed) return { state, changed: false };
    let stored: MonitorState;
    try {
      stored = await deps.states.put(withOutbox(decision.next, decision.effects), state.version);
    } catch (error) {
      if (error instanceof ConflictError) continue;
      throw error;
    }
    return { state: await settle(deps, monitor, stored), changed: true };
  }
  throw new ConflictError(`state of monitor ${monitor.id}: lost ${MAX_STATE_ATTEMPTS} conditional writes in a row`);
}

/**
 * Carries out the state's pending effects and clears them. A verifier
 * found unreachable becomes a follow-up input (ask the next region, or mark the
 * verification unavailable), decided and written with the clearing write; its own
 * effects land in the new pending effects and are carried out in the next round.
 */
export async function settle(deps: TransitionDeps, monitor: Monitor, initial: MonitorState): Promise<MonitorState> {
  const machine = machineMonitor(monitor, deps.regions, deps.networks);
  let state = initial;
  for (let round = 0; round < MAX_STATE_ATTEMPTS; round++) {
    const pending = state.pendingEffects ?? [];
    if (pending.length === 0) return state;
    const followUps: MachineInput[] = [];
    for (const effect of pending) {
      const followUp = await carryOut(deps, monitor, effect);
      if (followUp) followUps.push(followUp);
    }
    let next = withOutbox(state, []);
    const effects: Effect[] = [];
    for (const input of followUps) {
      const decision = decide(next, machine, input, deps.clock.now());
      if (decision.changed) {
        next = withOutbox(decision.next, []);
        effects.push(...decision.effects);
      }
    }
    try {
      state = await deps.states.put(withOutbox(next, effects), state.version);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Someone else wrote meanwhile (most likely clearing the same pending effects): look again.
      state = await load(deps, monitor.id);
    }
  }
  throw new ConflictError(`state of monitor ${monitor.id}: pending effects not settled after ${MAX_STATE_ATTEMPTS} rounds`);
}

/** The monitor as the state machine sees it: `regions` is the full list it is probed from. */
export function machineMonitor(monitor: Monitor, configured: readonly string[], networks?: LocationNetworks): MachineMonitor {
  return { ...monitor, regions: [...monitorRegions(monitor, configured)], ...(networks === undefined ? {} : { networks }) };
}

async function load(deps: Pick<TransitionDeps, 'states' | 'clock'>, monitorId: string): Promise<MonitorState> {
  return (await deps.states.get(monitorId)) ?? initialState(monitorId, new Date(deps.clock.now()).toISOString());
}

/** The state with `effects` as its pending effects; no such field at all when there are none (smaller items). */
function withOutbox(state: MonitorState, effects: readonly Effect[]): MonitorState {
  const { pendingEffects: _pending, ...rest } = state;
  return effects.length > 0 ? { ...rest, pendingEffects: effects } : rest;
}
