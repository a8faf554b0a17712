/**
 * The local scheduler: the same once-a-minute tick as the EventBridge rule in the
 * cloud, aligned to UTC minute boundaries. A monitor that appears between ticks (at
 * start, or created through the API) gets one check per region at once plus the rest
 * of its current minute, so nobody waits a minute to see it go UP.
 */
import { planChecks, type PlannedJob } from '../core/schedule.ts';
import type { Monitor } from '../core/monitor.ts';
import type { Clock, JobQueue } from '../ports/index.ts';
import { scheduleDueChecks, type ServiceDeps } from '../services/index.ts';
import type { RuntimeLogger } from './logger.ts';

export interface SchedulerLoop {
  /** Starts ticking; the first tick plans the rest of the current minute. Returns how many monitors there are. */
  start(): Promise<{ readonly monitors: number }>;
  /** Checks `monitor` now in each region and plans the rest of its minute. */
  kickoff(monitors: readonly Monitor[]): Promise<void>;
  stop(): void;
}

export function createSchedulerLoop(
  deps: Pick<ServiceDeps, 'monitors' | 'jobs' | 'regions'> & { clock: Clock },
  logger: RuntimeLogger,
  /** Also run at each tick: the alert follow-ups (reminders, held-back DOWNs). */
  followUps: () => Promise<{ readonly sent: number }> = async () => ({ sent: 0 }),
): SchedulerLoop {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  async function kickoff(monitors: readonly Monitor[]): Promise<void> {
    const active = monitors.filter((m) => !m.paused);
    if (active.length === 0) return;
    const now = deps.clock.now();
    const planned = planChecks(active, now, deps.regions);
    const later = planned.filter((p) => p.delaySeconds > 0);
    const seen = new Set<string>();
    const atOnce: PlannedJob[] = [];
    for (const p of planned) {
      const key = `${p.job.monitor.id}\u0000${p.job.region}`;
      if (seen.has(key)) continue;
      seen.add(key);
      atOnce.push({ job: { ...p.job, jobId: `${p.job.jobId}:kickoff`, scheduledFor: new Date(now).toISOString() }, delaySeconds: 0 });
    }
    await sendAll(deps.jobs, [...atOnce, ...later]);
  }

  async function tick(): Promise<void> {
    try {
      const { jobs } = await scheduleDueChecks(deps, deps.clock.now());
      logger.info('scheduled checks', { jobs });
    } catch (error) {
      logger.error('scheduling failed', { error: String(error) });
    }
    try {
      const { sent } = await followUps();
      if (sent > 0) logger.info('alert follow-ups', { sent });
    } catch (error) {
      logger.error('alert follow-ups failed', { error: String(error) });
    }
  }

  function armNextMinute(): void {
    if (stopped) return;
    const now = deps.clock.now();
    const next = Math.floor(now / 60_000) * 60_000 + 60_000;
    timer = setTimeout(() => {
      void tick().finally(armNextMinute);
    }, next - now + 5);
  }

  return {
    async start() {
      const monitors = await deps.monitors.all();
      await kickoff(monitors);
      armNextMinute();
      return { monitors: monitors.length };
    },
    kickoff,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

async function sendAll(jobs: JobQueue, planned: readonly PlannedJob[]): Promise<void> {
  if (planned.length > 0) await jobs.send(planned);
}
