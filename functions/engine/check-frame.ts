/**
 * What every non-HTTP check shares: one timer for the whole check, and any failure
 * turned into data (a ProbeFailure), never an exception.
 */
import { performance } from 'node:perf_hooks';
import type { Observation } from '../core/check-result.ts';
import { codeOf, describeError, ProbeFailure } from './failure.ts';
import { newHopState, timeoutFailure, type HopState } from './hop-state.ts';
import { nonHttpObservation, type NonHttpOutcome } from './observation.ts';

export interface FrameContext {
  readonly state: HopState;
  readonly signal: AbortSignal;
  readonly onAbort: () => ProbeFailure;
}

export interface Frame {
  readonly url: string;
  readonly method: string;
  readonly region: string;
  readonly timeoutMs: number;
}

/** Runs `body` within the timeout; whatever it throws becomes the observation's failure. `extra` adds type-specific facts. */
export async function inFrame(
  frame: Frame,
  body: (context: FrameContext) => Promise<void>,
  extra: () => Pick<NonHttpOutcome, 'dns'> = () => ({}),
): Promise<Observation> {
  const checkStart = performance.now();
  const startedAt = new Date().toISOString();
  const state = newHopState(checkStart);
  const controller = new AbortController();
  const onAbort = (): ProbeFailure => timeoutFailure(state, frame.timeoutMs);
  const timer = setTimeout(() => controller.abort(), frame.timeoutMs);
  let failure: ProbeFailure | null = null;
  try {
    await body({ state, signal: controller.signal, onAbort });
  } catch (thrown) {
    failure =
      thrown instanceof ProbeFailure
        ? thrown
        : controller.signal.aborted
          ? onAbort()
          : new ProbeFailure('connect', codeOf(thrown, 'unexpected_error'), describeError(thrown), { cause: thrown });
  } finally {
    clearTimeout(timer);
  }
  return nonHttpObservation({ ...frame, startedAt, checkStart, end: performance.now(), state, failure, ...extra() });
}
