/**
 * The real services over an API harness's stores, ledger writer and clock: checks run
 * through handleCheckJob, verifications through handleVerifyRequest, so incidents,
 * anomalies, rollups and ledger entries are made the way production makes them. Only
 * the prober is the caller's (a scripted one, or the real engine against a loopback
 * target); verification requests wait until `verifyPending` answers them.
 */
import type { Alert } from '../../functions/core/alert.ts';
import type { VerifyRequest } from '../../functions/core/jobs.ts';
import type { CheckRunner } from '../../functions/ports/index.ts';
import { handleCheckJob, handleVerifyRequest, type ServiceDeps } from '../../functions/services/index.ts';
import { REGIONS, type ApiHarness } from './api-harness.ts';

export interface ApiPipeline {
  readonly services: ServiceDeps;
  readonly alerts: Alert[];
  /** One scheduled check of the stored monitor from `region`, now. */
  check(monitorId: string, region: string): Promise<void>;
  /** The regions of the verification requests sent and not yet answered, in order. */
  pendingRegions(): string[];
  /** Answers every verification request sent so far, in the region it was sent to. */
  verifyPending(): Promise<void>;
}

export function pipelineOver(api: ApiHarness, checkRunner: CheckRunner): ApiPipeline {
  const verifyRequests: Array<{ region: string; request: VerifyRequest }> = [];
  const alerts: Alert[] = [];
  let counter = 0;
  let jobs = 0;
  const services: ServiceDeps = {
    monitors: api.stores.monitors,
    results: api.stores.results,
    states: api.stores.states,
    incidents: api.stores.incidents,
    alertLog: api.stores.alertLog,
    ledgerWriter: api.ledgerWriter,
    jobs: { send: async () => undefined },
    verify: {
      send: async (region, request) => {
        verifyRequests.push({ region, request });
      },
    },
    notifier: { send: async (alert) => void alerts.push(alert) },
    checkRunner,
    clock: api.clock,
    ids: { next: () => `svc${++counter}` },
    regions: REGIONS,
  };
  return {
    services,
    alerts,
    async check(monitorId, region) {
      const monitor = await api.stores.monitors.get(monitorId);
      if (!monitor) throw new Error(`no monitor ${monitorId}`);
      await handleCheckJob(services, { jobId: `job-${++jobs}`, monitor, region, scheduledFor: new Date(api.clock.now()).toISOString() });
    },
    pendingRegions: () => verifyRequests.map((v) => v.region),
    async verifyPending() {
      for (const { region, request } of verifyRequests.splice(0)) await handleVerifyRequest(services, request, region);
    },
  };
}
