/**
 * Carrying out the state machine's effects. Each one is idempotent, so that doing it
 * again (after a crash, or by a handler racing the one that won the transition)
 * completes the work without duplicates:
 * - incident opened: ledger entry first (idempotent by key `incident.opened:<id>`),
 *   then the incident with its ledger seq (create; ConflictError means it is there);
 * - incident resolved: ledger entry (`incident.resolved:<id>`), then the incident update;
 * - alerts: claimed in the alert log under their deterministic id before sending, so
 *   at most one goes out per id;
 * - anomalies: stored by id; the rollup count is at-least-once, like every counter;
 * - verification requests: sent again at worst; the verifier ignores answers to
 *   verifications no longer pending.
 */
import type { Alert } from '../core/alert.ts';
import { ConflictError, CrossCheckError, RegionUnavailableError } from '../core/errors.ts';
import type { Incident } from '../core/incident.ts';
import type { VerifyRequest } from '../core/jobs.ts';
import { incidentOpenedBody, incidentResolvedBody } from '../core/ledger/payloads.ts';
import type { Monitor } from '../core/monitor.ts';
import { certificateAlert, downAlert, recoveredAlert } from '../core/state-machine-alerts.ts';
import { ledgerKeys, type Effect } from '../core/state-machine-effects.ts';
import type { VerifierUnreachableInput } from '../core/state-machine.ts';
import type { TransitionDeps } from './deps.ts';
import { hourOf } from './results.ts';

/** Carries out one effect; returns a follow-up input when the verifier could not be reached. */
export async function carryOut(deps: TransitionDeps, monitor: Monitor, effect: Effect): Promise<VerifierUnreachableInput | null> {
  switch (effect.type) {
    case 'requestVerification': {
      const request: VerifyRequest = {
        verificationId: effect.verificationId,
        monitor,
        fromRegion: effect.fromRegion,
        primary: effect.primary,
        tried: effect.tried,
        requestedAt: effect.requestedAt,
      };
      try {
        await deps.verify.send(effect.targetRegion, request);
        return null;
      } catch (error) {
        if (!(error instanceof RegionUnavailableError)) throw error;
        return { type: 'verifierUnreachable', verificationId: effect.verificationId, region: effect.targetRegion, primary: effect.primary };
      }
    }
    case 'openIncident': {
      const { body, evidence } = incidentOpenedBody(effect.incident, monitor);
      const entry = await deps.ledgerWriter.append({ type: 'incident.opened', key: ledgerKeys.opened(effect.incident.id), body, evidence });
      const incident: Incident = { ...effect.incident, ledger: { opened: entry.seq, resolved: null } };
      try {
        await deps.incidents.create(incident);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error; // created already: by an earlier attempt or a racing handler
      }
      if (effect.notify) await alertOnce(deps, downAlert(monitor, incident, entry.seq, entry.time));
      return null;
    }
    case 'resolveIncident': {
      const current = await deps.incidents.get(effect.incidentId);
      // No incident: its opening never completed (it cannot, once the state moved on). Nothing to resolve.
      if (current === null) return null;
      const resolved: Incident =
        current.status === 'resolved'
          ? current
          : { ...current, status: 'resolved', resolvedAt: effect.resolvedAt, ...(effect.reason === undefined ? {} : { resolution: effect.reason }) };
      const entry = await deps.ledgerWriter.append({
        type: 'incident.resolved',
        key: ledgerKeys.resolved(resolved.id),
        body: incidentResolvedBody(resolved).body,
      });
      const final: Incident = { ...resolved, ledger: { ...resolved.ledger, resolved: entry.seq } };
      if (current.status !== 'resolved' || current.ledger.resolved !== entry.seq) await deps.incidents.update(final);
      if (effect.notify) await alertOnce(deps, recoveredAlert(monitor, final, entry.seq, entry.time));
      return null;
    }
    case 'recordAnomaly': {
      const { anomaly } = effect;
      await deps.results.putAnomaly(anomaly);
      await deps.results.addToRollup(
        { monitorId: anomaly.monitorId, region: anomaly.primary.region, hour: hourOf(Date.parse(anomaly.primary.result.startedAt)) },
        { checks: 0, failures: 0, anomalies: 1, latencySumMs: 0, histogram: {} },
      );
      return null;
    }
    case 'certificateWarning':
      await alertOnce(deps, certificateAlert(monitor, effect));
      return null;
  }
}

/** Claims the alert id, and sends only on the first claim: a retried step never alerts twice. */
async function alertOnce(deps: Pick<TransitionDeps, 'alertLog' | 'notifier' | 'clock'>, alert: Alert): Promise<void> {
  if (!(await deps.alertLog.claim(alert.id, new Date(deps.clock.now()).toISOString()))) return;
  try {
    await deps.notifier.send(alert);
  } catch (error) {
    // Claimed, so a retry will not send it: say so loudly rather than pretend.
    throw new CrossCheckError(`alert ${alert.id} was claimed but could not be delivered`, { cause: error });
  }
}
