/** Per-monitor state, as the state machine sees it and the state store keeps it. */
import type { VerifierAnswer } from './quorum.ts';
import type { Effect } from './state-machine-effects.ts';

export type MonitorStatus = 'PENDING' | 'UP' | 'VERIFYING' | 'DOWN';
export const MONITOR_STATUSES: readonly MonitorStatus[] = ['PENDING', 'UP', 'VERIFYING', 'DOWN'];

/** A verification asked of another region and not answered yet. */
export interface PendingVerification {
  readonly id: string;
  /** The region whose failure started it. */
  readonly fromRegion: string;
  /** The region asked to verify, or null when no other region was reachable. */
  readonly targetRegion: string | null;
  /** Regions already asked (or found unreachable), in order. */
  readonly tried: readonly string[];
  /** RFC 3339. */
  readonly requestedAt: string;
  /** Set when every other region was unreachable: RFC 3339 of that moment. */
  readonly unavailableSince: string | null;
  /** Quorum (quorum.ts): the answers so far, when more than one is needed. */
  readonly answers?: readonly VerifierAnswer[] | undefined;
  /** Quorum: locations found unreachable during this verification; they leave the count. */
  readonly unreachable?: readonly string[] | undefined;
  /**
   * RFC 3339 `since` of the UP state this verification interrupted, absent when it began
   * elsewhere (PENDING). A refuted failure was no change of state for anyone watching:
   * back in UP, `since` is this again, not the moment of the refutation.
   */
  readonly upSince?: string | undefined;
}

export interface CertificateWarnings {
  /** The certificate the warnings were sent for; a new certificate starts over. */
  readonly fingerprint256: string;
  /** Thresholds (days) already warned about for this certificate. */
  readonly sentDays: readonly number[];
}

export interface MonitorState {
  readonly monitorId: string;
  readonly status: MonitorStatus;
  /**
   * Optimistic-concurrency version. 0 for a state never stored; every successful
   * write stores version + 1, conditional on the stored version being `version`.
   */
  readonly version: number;
  /** RFC 3339: when `status` last changed. */
  readonly since: string;
  /**
   * RFC 3339 start of the newest result that changed the state, or null. A check that
   * changes nothing is not written (steady UP costs no write), so the latest check's
   * time comes from the stored results, not from here.
   */
  readonly lastCheckAt: string | null;
  /** Consecutive failures per region. */
  readonly failures: Readonly<Record<string, number>>;
  /** Consecutive successes across regions since the last failure. */
  readonly successes: number;
  /** Quorum recovery (quorum.ts): the distinct locations that passed since the last failure while DOWN. */
  readonly passing?: readonly string[] | undefined;
  readonly verification: PendingVerification | null;
  readonly openIncidentId: string | null;
  readonly certWarnings: CertificateWarnings | null;
  /**
   * The monitor was paused or deleted: checks planned before that, verifications in flight
   * and their answers are dropped (no transition, no stored result) until a resume. Absent
   * while the monitor is being checked.
   */
  readonly stopped?: StoppedBy | undefined;
  /**
   * Pending effects: those of the last transition not yet known to be done (the
   * transactional-outbox pattern), written together with the transition, cleared once
   * carried out. Whoever next reads a state with pending effects carries them out first
   * (every effect is idempotent), so a crash between the write and the effects loses
   * nothing. Absent or empty when there is nothing pending.
   */
  readonly pendingEffects?: readonly Effect[] | undefined;
}

/**
 * A state as read back from a store. States written before the field was named
 * `pendingEffects` carry it as `outbox`; they are read with the new name, so that no
 * pending effect is lost across the upgrade.
 */
export function storedState(value: MonitorState & { readonly outbox?: readonly Effect[] | undefined }): MonitorState {
  if (value.outbox === undefined) return value;
  const { outbox, ...rest } = value;
  return value.pendingEffects === undefined && outbox.length > 0 ? { ...rest, pendingEffects: outbox } : rest;
}

/** Why checks of a monitor stopped, and since when (RFC 3339). */
export interface StoppedBy {
  readonly reason: StopReason;
  readonly at: string;
}

export type StopReason = 'paused' | 'deleted';

/**
 * How long the stopped state of a deleted monitor is kept. It is there so that a check
 * or a verification still in flight at the deletion is dropped instead of bringing the
 * monitor's state back; a week is far past the longest of those (an interval, a timeout
 * and a verification: minutes).
 */
export const DELETED_STATE_KEPT_MS = 7 * 24 * 3_600_000;

/** When a state may be removed (epoch ms): a deleted monitor's, a week after the deletion; null for every other state. */
export function stateExpiry(state: Pick<MonitorState, 'stopped'>): number | null {
  if (state.stopped?.reason !== 'deleted') return null;
  const at = Date.parse(state.stopped.at);
  return Number.isFinite(at) ? at + DELETED_STATE_KEPT_MS : null;
}

export function initialState(monitorId: string, now: string): MonitorState {
  return {
    monitorId,
    status: 'PENDING',
    version: 0,
    since: now,
    lastCheckAt: null,
    failures: {},
    successes: 0,
    verification: null,
    openIncidentId: null,
    certWarnings: null,
  };
}
