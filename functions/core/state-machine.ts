/**
 * The per-monitor state machine: PENDING -> UP -> VERIFYING -> DOWN -> UP.
 *
 * `decide(state, monitor, input, now)` is pure: it returns the next state and the
 * effects the transition calls for; services write the state conditionally on its
 * version first and carry out the effects only when that write wins.
 *
 * `monitor.regions` is taken as the full, ordered list of regions the monitor is
 * probed from (services fill in the configured regions when the monitor's own list
 * is empty).
 *
 * Rules, input by input:
 *
 * A check result from region R (`check`):
 * - Success resets R's failure counter. PENDING -> UP. In DOWN it counts toward
 *   `successThreshold` (consecutive across regions); reaching it resolves the
 *   incident: DOWN -> UP. In VERIFYING it ends a verification that can no longer
 *   answer (every other region unavailable, or stale): VERIFYING -> UP, no incident.
 *   Successes are counted in DOWN only; elsewhere the counter stays 0.
 * - Failure counts R's consecutive failures (saturating at `failureThreshold`, so
 *   that a long outage does not write on every check) and resets successes. In
 *   PENDING or UP, reaching `failureThreshold` starts a verification: UP -> VERIFYING,
 *   asking the next region after R in the list (wrapping). With no other region, the
 *   verification is marked unavailable at once.
 *   In VERIFYING, a failure from any region whose check started after the
 *   verification was marked unavailable is the failure persisting another round: it
 *   opens the incident with verification `unavailable` (VERIFYING -> DOWN). A failure
 *   reaching the threshold while the pending verification is stale (older than
 *   2 x interval + timeout: its request or answer was lost) starts a new one.
 * - Every result with TLS facts may cross a certificate warning threshold (see
 *   certificates.ts), except one that failed because the certificate did not verify. Inside a maintenance window warnings are deferred, not
 *   recorded: expiry keeps approaching, so they go out once the window ends.
 *
 * A verifier's answer (`verified`) for the pending verification, from a region
 * other than the one that failed:
 * - failure: confirmed. VERIFYING -> DOWN; open an incident whose evidence holds both
 *   results, opened at the time the verification was requested.
 * - success: refuted. VERIFYING -> UP; record a regional anomaly; the failing
 *   region's counter starts over. `since` is again that of the UP the verification
 *   interrupted (a refuted blip is no change of state for anyone watching).
 * An answer for any other verification (a duplicate, or a late one) changes nothing.
 *
 * The verifier could not be reached (`verifierUnreachable`): ask the next region
 * not yet tried; with none left, mark the verification unavailable and stay in
 * VERIFYING (see above for how that ends).
 *
 * Alerts follow transitions: DOWN when an incident opens outside maintenance,
 * RECOVERED when an incident whose DOWN alert went out resolves.
 *
 * The monitor is paused or deleted (`stop`): any state -> PENDING, stopped. An open
 * incident resolves with the reason (`monitor paused`, `monitor deleted`) in the ledger
 * and no RECOVERED alert. While stopped, every check, verifier answer and unreachable
 * verifier changes nothing: jobs planned before the change, and checks in flight when it
 * happened, are dropped. `resume` (a paused monitor un-paused) starts over from PENDING;
 * a deleted monitor never resumes.
 */
import type { CheckResult, FailureCause } from './check-result.ts';
import { certificateWarningDue } from './certificates.ts';
import type { Anomaly, Incident, IncidentResolution } from './incident.ts';
import { preferOtherNetwork, type LocationNetworks } from './locations.ts';
import { answered, quorumEvidence, recoveryStep, weigh, withAnswer, withUnreachable } from './state-machine-quorum.ts';
import { inMaintenance } from './maintenance.ts';
import type { Monitor } from './monitor.ts';
import type { Effect } from './state-machine-effects.ts';
import { alertIds, anomalyIdFor, incidentIdFor } from './state-machine-effects.ts';
import type { MonitorState, PendingVerification, StopReason } from './state.ts';

/** The fields of a monitor the state machine reads; `networks`: which locations share a network (locations.ts). */
export type MachineMonitor = Pick<
  Monitor,
  'id' | 'name' | 'regions' | 'intervalSeconds' | 'timeoutMs' | 'failureThreshold' | 'successThreshold' | 'maintenance' | 'verification'
> & { readonly certExpiryWarningDays?: readonly number[] | undefined; readonly networks?: LocationNetworks | undefined };

/** A scheduled check's result from `region`. */
export interface CheckInput {
  readonly type: 'check';
  readonly region: string;
  readonly result: CheckResult;
  /** A fresh id, used only if this check starts a verification (the core makes no ids). */
  readonly verificationId: string;
}

/** A verifier's own fresh result for a verification request. */
export interface VerifiedInput {
  readonly type: 'verified';
  readonly verificationId: string;
  /** The verifying region. */
  readonly region: string;
  readonly result: CheckResult;
  /** The failing result the request carried. */
  readonly primary: CheckResult;
}

/** Sending a verification request to `region` failed: that region cannot be reached. */
export interface VerifierUnreachableInput {
  readonly type: 'verifierUnreachable';
  readonly verificationId: string;
  readonly region: string;
  /** The failing result to carry to the next region. */
  readonly primary: CheckResult;
}

/** The monitor was paused or deleted: stop judging its checks, and close its open incident. */
export interface StopInput {
  readonly type: 'stop';
  readonly reason: StopReason;
}

/** A paused monitor was resumed: start over from PENDING. */
export interface ResumeInput {
  readonly type: 'resume';
}

export type MachineInput = CheckInput | VerifiedInput | VerifierUnreachableInput | StopInput | ResumeInput;

export interface Decision {
  /** The state to store (same version as the input state: the store bumps it). Equal to the input when nothing changed. */
  readonly next: MonitorState;
  readonly effects: readonly Effect[];
  /** false when nothing changed: no write needed. */
  readonly changed: boolean;
}

type Draft = { -readonly [K in keyof MonitorState]: MonitorState[K] };

export function decide(state: MonitorState, monitor: MachineMonitor, input: MachineInput, now: number): Decision {
  if (input.type === 'stop') return onStop(state, input, now);
  if (input.type === 'resume') return onResume(state, now);
  // A paused or deleted monitor: whatever was planned or in flight before is dropped.
  if (state.stopped !== undefined) return { next: state, effects: [], changed: false };
  switch (input.type) {
    case 'check':
      return onCheck(state, monitor, input, now);
    case 'verified':
      return onVerified(state, monitor, input, now);
    case 'verifierUnreachable':
      return onVerifierUnreachable(state, monitor, input, now);
  }
}

/** How long a pending verification may go unanswered before a new failure may start another. */
export function verificationStaleAfterMs(monitor: Pick<Monitor, 'intervalSeconds' | 'timeoutMs'>): number {
  return 2 * monitor.intervalSeconds * 1000 + monitor.timeoutMs;
}

/**
 * Regions that may verify a failure seen in `fromRegion`: the ones after it in the
 * list, wrapping around, without `fromRegion` itself and without those already tried.
 */
export function verificationCandidates(regions: readonly string[], fromRegion: string, tried: readonly string[], networks?: LocationNetworks): string[] {
  const start = regions.indexOf(fromRegion) + 1;
  const ordered = [...regions.slice(start), ...regions.slice(0, start)];
  const candidates = [...new Set(ordered)].filter((region) => region !== fromRegion && !tried.includes(region));
  return preferOtherNetwork(candidates, fromRegion, networks);
}

function onCheck(state: MonitorState, monitor: MachineMonitor, input: CheckInput, now: number): Decision {
  const at = iso(now);
  const { region, result } = input;
  const draft: Draft = { ...state };
  const effects: Effect[] = [];
  const verification = state.verification;

  if (result.success) {
    draft.failures = withCount(state.failures, region, 0);
    switch (state.status) {
      case 'PENDING':
        moveTo(draft, 'UP', at);
        break;
      case 'UP':
        break;
      case 'VERIFYING':
        if (verification === null || verification.unavailableSince !== null || isStale(verification, monitor, now)) {
          moveTo(draft, 'UP', verification?.upSince ?? at);
          draft.verification = null;
        }
        break;
      case 'DOWN': {
        draft.successes = state.successes + 1;
        const recovery = recoveryStep(state, monitor, region, draft.successes);
        if (recovery.passing !== undefined) draft.passing = recovery.passing;
        if (recovery.recovered) {
          delete draft.passing;
          // The DOWN alert was decided when DOWN began (`since`): RECOVERED follows it.
          if (state.openIncidentId !== null) effects.push(resolveEffect(state.openIncidentId, at, !inMaintenance(monitor, Date.parse(state.since))));
          moveTo(draft, 'UP', at);
          draft.successes = 0;
          draft.failures = {};
          draft.openIncidentId = null;
        }
        break;
      }
    }
  } else {
    const count = Math.min(monitor.failureThreshold, (state.failures[region] ?? 0) + 1);
    draft.failures = withCount(state.failures, region, count);
    draft.successes = 0;
    delete draft.passing;
    const reached = count >= monitor.failureThreshold;
    switch (state.status) {
      case 'PENDING':
      case 'UP':
        if (reached) startVerification(draft, monitor, input, now, effects);
        break;
      case 'VERIFYING':
        if (verification === null) {
          if (reached) startVerification(draft, monitor, input, now, effects);
        } else if (verification.unavailableSince !== null && Date.parse(result.startedAt) > Date.parse(verification.unavailableSince)) {
          const incident = openIncident(monitor, verification, { region, result }, null);
          effects.push({ type: 'openIncident', id: `open:${incident.id}`, incident, notify: !inMaintenance(monitor, now) });
          enterDown(draft, incident.id, at);
        } else if (reached && isStale(verification, monitor, now)) {
          startVerification(draft, monitor, input, now, effects);
        }
        break;
      case 'DOWN':
        break;
    }
  }

  // A certificate that failed verification is the failure itself (cause tls): no "expires in N days" beside it.
  if (result.tls && result.cause !== 'tls' && !inMaintenance(monitor, now)) {
    const due = certificateWarningDue(state.certWarnings, result.tls, monitor.certExpiryWarningDays ?? []);
    if (due) {
      draft.certWarnings = due.warnings;
      effects.push({
        type: 'certificateWarning',
        id: alertIds.certificate(monitor.id, due.fingerprint256, due.thresholdDays),
        thresholdDays: due.thresholdDays,
        daysLeft: due.daysLeft,
        notAfter: due.notAfter,
        fingerprint256: due.fingerprint256,
        at,
      });
    }
  }

  if (sameState(state, draft)) return { next: state, effects: [], changed: false };
  draft.lastCheckAt = result.startedAt;
  return { next: draft, effects, changed: true };
}

function onVerified(state: MonitorState, monitor: MachineMonitor, input: VerifiedInput, now: number): Decision {
  const verification = state.verification;
  if (
    state.status !== 'VERIFYING' ||
    verification === null ||
    verification.id !== input.verificationId ||
    input.region === verification.fromRegion ||
    answered(verification, input.region)
  ) {
    return { next: state, effects: [], changed: false };
  }
  // Quorum (state-machine-quorum.ts): with the default policy the first answer decides, as it always did.
  const answer = { region: input.region, result: input.result, outcome: input.result.success ? ('refuted' as const) : ('confirmed' as const) };
  const pending = withAnswer(verification, answer);
  const remaining = verificationCandidates(monitor.regions, verification.fromRegion, verification.tried, monitor.networks);
  const verdict = weigh(monitor, pending, remaining.length);
  if (verdict === 'undecided') return askNext(state, monitor, pending, remaining[0], input.primary, now);
  return conclude(state, monitor, pending, verdict, answer, input.primary, now);
}

/** A verification's end: an incident (confirmed) or an anomaly (refuted), `last` being the answer that decided it. */
function conclude(
  state: MonitorState,
  monitor: MachineMonitor,
  verification: PendingVerification,
  verdict: 'confirmed' | 'refuted',
  last: { region: string; result: CheckResult },
  primaryResult: CheckResult,
  now: number,
): Decision {
  const at = iso(now);
  const draft: Draft = { ...state, verification: null, successes: 0 };
  const primary = { region: verification.fromRegion, result: primaryResult };
  const verifier = { region: last.region, result: last.result };
  const evidence = quorumEvidence(verification);
  if (verdict === 'refuted') {
    const anomaly: Anomaly = { id: anomalyIdFor(verification.id), monitorId: monitor.id, at, primary, verifier, ...evidence };
    moveTo(draft, 'UP', verification.upSince ?? at);
    draft.failures = withCount(state.failures, verification.fromRegion, 0);
    return { next: draft, effects: [{ type: 'recordAnomaly', id: `anomaly:${anomaly.id}`, anomaly }], changed: true };
  }
  const incident: Incident = { ...openIncident(monitor, verification, primary, { ...verifier, outcome: 'confirmed' }), ...evidence };
  enterDown(draft, incident.id, at);
  return {
    next: draft,
    effects: [{ type: 'openIncident', id: `open:${incident.id}`, incident, notify: !inMaintenance(monitor, now) }],
    changed: true,
  };
}

/** Undecided: ask the next location, or (none left) mark the verification unavailable, keeping the answers. */
function askNext(state: MonitorState, monitor: MachineMonitor, verification: PendingVerification, target: string | undefined, primary: CheckResult, now: number): Decision {
  if (target === undefined) {
    return { next: { ...state, verification: { ...verification, targetRegion: null, unavailableSince: iso(now) } }, effects: [], changed: true };
  }
  const next: PendingVerification = { ...verification, targetRegion: target, tried: [...verification.tried, target] };
  return { next: { ...state, verification: next }, effects: [requestEffect(next, target, primary)], changed: true };
}

function onVerifierUnreachable(state: MonitorState, monitor: MachineMonitor, input: VerifierUnreachableInput, now: number): Decision {
  const verification = state.verification;
  if (
    state.status !== 'VERIFYING' ||
    verification === null ||
    verification.id !== input.verificationId ||
    verification.targetRegion !== input.region
  ) {
    return { next: state, effects: [], changed: false };
  }
  // Quorum: an unreachable location leaves the count, which may decide with the answers already in.
  const pending = withUnreachable(verification, input.region, monitor);
  const remaining = verificationCandidates(monitor.regions, verification.fromRegion, verification.tried, monitor.networks);
  const last = pending.answers?.at(-1);
  if (last !== undefined) {
    const verdict = weigh(monitor, pending, remaining.length);
    if (verdict !== 'undecided') return conclude(state, monitor, pending, verdict, last, input.primary, now);
  }
  return askNext(state, monitor, pending, remaining[0], input.primary, now);
}

function startVerification(draft: Draft, monitor: MachineMonitor, input: CheckInput, now: number, effects: Effect[]): void {
  const at = iso(now);
  const target = verificationCandidates(monitor.regions, input.region, [], monitor.networks)[0] ?? null;
  const verification: PendingVerification = {
    id: input.verificationId,
    fromRegion: input.region,
    targetRegion: target,
    tried: target === null ? [] : [target],
    requestedAt: at,
    unavailableSince: target === null ? at : null,
    // A stale verification restarted keeps the UP it interrupted first.
    ...(draft.status === 'UP' ? { upSince: draft.since } : draft.verification?.upSince === undefined ? {} : { upSince: draft.verification.upSince }),
  };
  moveTo(draft, 'VERIFYING', at);
  draft.verification = verification;
  if (target !== null) effects.push(requestEffect(verification, target, input.result));
}

function requestEffect(verification: PendingVerification, target: string, primary: CheckResult): Effect {
  return {
    type: 'requestVerification',
    id: `verify:${verification.id}:${target}`,
    verificationId: verification.id,
    fromRegion: verification.fromRegion,
    targetRegion: target,
    tried: verification.tried.slice(0, verification.tried.indexOf(target)),
    requestedAt: verification.requestedAt,
    primary,
  };
}

function openIncident(
  monitor: MachineMonitor,
  verification: PendingVerification,
  primary: Incident['primary'],
  verifier: Incident['verifier'],
): Incident {
  const cause: FailureCause = primary.result.cause ?? verifier?.result.cause ?? 'condition';
  return {
    id: incidentIdFor(verification.id),
    monitorId: monitor.id,
    monitorName: monitor.name,
    status: 'open',
    openedAt: verification.requestedAt,
    resolvedAt: null,
    cause,
    verification: verifier === null ? 'unavailable' : 'confirmed',
    primary,
    verifier,
    ledger: { opened: null, resolved: null },
  };
}

function onStop(state: MonitorState, input: StopInput, now: number): Decision {
  if (state.stopped?.reason === input.reason || state.stopped?.reason === 'deleted') return { next: state, effects: [], changed: false };
  const at = iso(now);
  const effects: Effect[] = [];
  // The monitor did not recover: the ledger says why, and no RECOVERED alert claims it did.
  if (state.openIncidentId !== null) effects.push(resolveEffect(state.openIncidentId, at, false, input.reason === 'paused' ? 'monitor paused' : 'monitor deleted'));
  const { stopped: _stopped, ...rest } = state;
  const next: MonitorState = {
    ...rest,
    status: 'PENDING',
    since: state.status === 'PENDING' ? state.since : at,
    failures: {},
    successes: 0,
    verification: null,
    openIncidentId: null,
    stopped: { reason: input.reason, at },
  };
  return { next, effects, changed: true };
}

function onResume(state: MonitorState, now: number): Decision {
  if (state.stopped?.reason !== 'paused') return { next: state, effects: [], changed: false };
  const { stopped: _stopped, ...rest } = state;
  return { next: { ...rest, status: 'PENDING', since: iso(now) }, effects: [], changed: true };
}

function resolveEffect(incidentId: string, at: string, notify: boolean, reason?: IncidentResolution): Effect {
  return { type: 'resolveIncident', id: `resolve:${incidentId}`, incidentId, resolvedAt: at, notify, ...(reason === undefined ? {} : { reason }) };
}

function enterDown(draft: Draft, incidentId: string, at: string): void {
  moveTo(draft, 'DOWN', at);
  draft.verification = null;
  draft.openIncidentId = incidentId;
  draft.successes = 0;
}

function moveTo(draft: Draft, status: MonitorState['status'], at: string): void {
  if (draft.status !== status) {
    draft.status = status;
    draft.since = at;
  }
}

function isStale(verification: PendingVerification, monitor: MachineMonitor, now: number): boolean {
  return now - Date.parse(verification.requestedAt) > verificationStaleAfterMs(monitor);
}

/** Failure counters without zero entries, so that "all counters 0" is `{}`. */
function withCount(failures: Readonly<Record<string, number>>, region: string, count: number): Record<string, number> {
  const next: Record<string, number> = {};
  for (const [key, value] of Object.entries(failures)) if (key !== region && value > 0) next[key] = value;
  if (count > 0) next[region] = count;
  return next;
}

function sameState(a: MonitorState, b: MonitorState): boolean {
  return (
    a.status === b.status &&
    a.since === b.since &&
    a.successes === b.successes &&
    a.openIncidentId === b.openIncidentId &&
    sameCounters(a.failures, b.failures) &&
    JSON.stringify(a.verification) === JSON.stringify(b.verification) &&
    JSON.stringify(a.certWarnings) === JSON.stringify(b.certWarnings)
  );
}

function sameCounters(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
