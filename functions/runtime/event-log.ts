/**
 * What the operator watching `npm start` should hear about, as log events: a monitor
 * going DOWN (an incident opened) or RECOVERED, a certificate warning, a location's
 * failure under verification, and a failure another location refuted (a regional
 * anomaly, no incident). Each event carries `event` and a readable `line` (the pretty
 * format prints the line; the JSON format keeps every field).
 */
import type { Alert } from '../core/alert.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { CheckJobOutcome, VerifyOutcome } from '../services/index.ts';
import type { CheckJob, VerifyRequest } from '../core/jobs.ts';
import type { RuntimeLogger } from './logger.ts';

/** Logs each alert as it goes out, then hands it on. */
export function loggingNotifier<N extends Notifier>(notifier: N, logger: RuntimeLogger): N {
  return {
    ...notifier,
    async send(alert: Alert) {
      logger.info(alert.subject, alertFields(alert));
      await notifier.send(alert);
    },
  };
}

/**
 * The alert's subject says what happened and why (`DOWN: payments (HTTP 503) confirmed
 * from local-a and local-b`), without the monitor's URL, which may hold a token and is
 * kept out of logs: the line is the subject without its `[CrossCheck]` tag and kind.
 */
function alertFields(alert: Alert): Record<string, unknown> {
  const line = alert.subject.replace(/^\[[^\]]*\]\s*/, '').replace(/^(DOWN|RECOVERED|CERTIFICATE)[^:]*:\s*/i, '');
  return { event: alert.kind, line, monitorId: alert.monitor.id, monitor: alert.monitor.name, ...(alert.incident ? { incidentId: alert.incident.id } : {}) };
}

/** A check that started a verification: one location saw a failure, another is asked. */
export function logCheckOutcome(logger: RuntimeLogger, job: CheckJob, outcome: CheckJobOutcome): void {
  if (outcome.status !== 'checked' || !outcome.changed) return;
  const { state, result } = outcome;
  const verification = state.verification;
  if (state.status === 'VERIFYING' && verification !== null && verification.fromRegion === job.region && verification.requestedAt === state.since) {
    const why = result.conditions.find((c) => !c.success)?.condition ?? result.cause ?? 'failed';
    logger.info('verifying', {
      event: 'verifying',
      line: `${job.monitor.name}: failed in ${job.region} (${why}); asking ${verification.targetRegion ?? 'another location (none reachable)'} to verify`,
      monitorId: job.monitor.id,
      region: job.region,
    });
  }
}

/** A verifier's answer that refuted the failure: a regional anomaly, no incident. */
export function logVerifyOutcome(logger: RuntimeLogger, request: VerifyRequest, region: string, outcome: VerifyOutcome): void {
  if (!outcome.applied || outcome.outcome !== 'refuted') return;
  logger.info('refuted', {
    event: 'refuted',
    line: `${request.monitor.name}: the failure in ${request.fromRegion} was not seen from ${region}; a regional anomaly, no incident`,
    monitorId: request.monitor.id,
    fromRegion: request.fromRegion,
    region,
  });
}
