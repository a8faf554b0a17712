/** "Check now" (POST /v1/monitors/{id}/check): one check from every region, recorded, state untouched. */
import type { Monitor } from '../core/monitor.ts';
import { monitorRegions } from '../core/schedule.ts';
import type { StoredResult } from '../ports/index.ts';
import type { ServiceDeps } from './deps.ts';
import { storeResult } from './results.ts';

/**
 * Checks the monitor from each of its regions at once and stores the results with kind
 * `manual`. They stay out of rollups and never move the state machine: a manual check
 * is a look, not a vote. Results come back in region order.
 */
export async function runCheckNow(deps: Pick<ServiceDeps, 'checkRunner' | 'results' | 'ids' | 'regions'>, monitor: Monitor): Promise<StoredResult[]> {
  const regions = monitorRegions(monitor, deps.regions);
  return Promise.all(
    regions.map(async (region) => storeResult(deps, monitor.id, region, await deps.checkRunner.run(monitor, region), 'manual')),
  );
}
