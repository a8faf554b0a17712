/** The once-a-minute tick: the minute's due checks become delayed jobs in each region's queue. */
import { planChecks } from '../core/schedule.ts';
import type { ServiceDeps } from './deps.ts';

/** Jobs handed to the job queue per call (the queue adapter batches further, e.g. 10 per SQS request). */
const SEND_CHUNK = 500;

/**
 * Plans the checks of the UTC minute containing `now` (see core/schedule.ts: a stable
 * per-monitor phase, 10..30 s intervals several times a minute, 60 s monitors spread
 * across the minute) and sends them with their delays. Paused monitors get none.
 */
export async function scheduleDueChecks(deps: Pick<ServiceDeps, 'monitors' | 'jobs' | 'regions'>, now: number): Promise<{ jobs: number }> {
  const monitors = await deps.monitors.all();
  const planned = planChecks(monitors, now, deps.regions);
  for (let i = 0; i < planned.length; i += SEND_CHUNK) await deps.jobs.send(planned.slice(i, i + SEND_CHUNK));
  return { jobs: planned.length };
}
