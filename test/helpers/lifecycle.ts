/**
 * A monitor lifecycle (pause, resume, delete through the state machine) over test stores.
 * Verification requests and alerts that settling a state may send are recorded, not sent.
 */
import type { Alert } from '../../functions/core/alert.ts';
import type { VerifyRequest } from '../../functions/core/jobs.ts';
import type { Clock, LedgerWriter, Stores } from '../../functions/ports/index.ts';
import { monitorLifecycle, type MonitorLifecycle } from '../../functions/services/monitor-lifecycle.ts';

export interface RecordingLifecycle extends MonitorLifecycle {
  readonly verifications: { readonly region: string; readonly request: VerifyRequest }[];
  readonly alerts: Alert[];
}

export function recordingLifecycle(
  stores: Pick<Stores, 'states' | 'results' | 'incidents' | 'alertLog'>,
  ledgerWriter: LedgerWriter,
  clock: Clock,
  regions: readonly string[],
): RecordingLifecycle {
  const verifications: RecordingLifecycle['verifications'] = [];
  const alerts: Alert[] = [];
  const lifecycle = monitorLifecycle({
    states: stores.states,
    results: stores.results,
    incidents: stores.incidents,
    alertLog: stores.alertLog,
    ledgerWriter,
    verify: { send: async (region, request) => void verifications.push({ region, request }) },
    notifier: { send: async (alert) => void alerts.push(alert) },
    clock,
    regions,
  });
  return { ...lifecycle, verifications, alerts };
}
