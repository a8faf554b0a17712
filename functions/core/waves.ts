/**
 * Check waves: how the cloud's job queue turns the minute's planned checks into few
 * messages. The schedule (schedule.ts) spreads checks over the seconds of the minute;
 * sent as planned, 50 monitors would be about 50 messages and 50 function invocations
 * a minute per region. Instead, the jobs of one region that fall in the same wave
 * travel together in one message, delivered at the end of their wave.
 *
 * A wave is `w` seconds of the minute, `w` chosen per monitor: the largest divisor of
 * gcd(interval, 60) not above the configured maximum. Because `w` divides both the
 * interval and the minute, a monitor's checks always sit at the same place in their
 * wave, so each is delayed by the same amount (at most w - 1 s, never run early) and
 * the interval between checks stays exact: a 60 s monitor still runs every 60 s, a
 * 10 s monitor every 10 s. An interval sharing few factors with 60 (25 s, 7 s) gets
 * small waves, down to one second, so that it is never delayed out of its interval.
 *
 * The rule is the core's; a job queue only turns the waves into messages within its
 * own limits (SQS: jobs and bytes per message, entries per SendMessageBatch).
 */
import { clampDelaySeconds, type PlannedJob } from './schedule.ts';

const MINUTE_SECONDS = 60;

function gcd(a: number, b: number): number {
  let x = Math.abs(Math.trunc(a));
  let y = Math.abs(Math.trunc(b));
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** The wave width (seconds) for a monitor's interval under a maximum of `maxWaveSeconds` (1 = no waves). */
export function waveSeconds(intervalSeconds: number, maxWaveSeconds: number): number {
  const common = gcd(intervalSeconds, MINUTE_SECONDS) || 1;
  const max = Math.max(1, Math.floor(maxWaveSeconds));
  for (let w = Math.min(common, max); w > 1; w -= 1) if (common % w === 0) return w;
  return 1;
}

/** The last second of the wave holding epoch second `dueSecond`: `w - 1 - (dueSecond mod w)` seconds after it. */
export function waveEndSecond(dueSecond: number, wave: number): number {
  const w = Math.max(1, Math.floor(wave));
  return dueSecond + w - 1 - (((dueSecond % w) + w) % w);
}

/**
 * The delay at which a job due at epoch second `dueSecond` (planned with `delaySeconds`
 * at epoch ms `nowMs`) is delivered: at the end of its wave, or as planned when that is
 * later (a job planned late, its wave already over, goes as planned: at once).
 */
export function waveDelaySeconds(dueSecond: number, delaySeconds: number, wave: number, nowMs: number): number {
  return Math.max(delaySeconds, Math.ceil((waveEndSecond(dueSecond, wave) * 1000 - nowMs) / 1000));
}

/** When a planned job is delivered, in seconds after `nowMs` (0..MAX_DELAY_SECONDS): at the end of its wave, or as planned when that is later. */
export function deliveryDelaySeconds(planned: PlannedJob, maxWaveSeconds: number, nowMs: number): number {
  const { job } = planned;
  const wave = waveSeconds(job.monitor.intervalSeconds, maxWaveSeconds);
  const dueSecond = Math.floor(Date.parse(job.scheduledFor) / 1000);
  return clampDelaySeconds(waveDelaySeconds(dueSecond, clampDelaySeconds(planned.delaySeconds), wave, nowMs));
}

/** The jobs of one region delivered at the same second: they travel together. */
export interface Wave<T extends PlannedJob = PlannedJob> {
  readonly region: string;
  /** Seconds after the send, 0..MAX_DELAY_SECONDS. */
  readonly delaySeconds: number;
  readonly jobs: readonly T[];
}

/**
 * The waves of `jobs` sent at `nowMs` under a longest wave of `maxWaveSeconds`
 * (1: only jobs due in the same second travel together), in the order of their first
 * job; each wave's jobs in the order given.
 */
export function groupIntoWaves<T extends PlannedJob>(jobs: readonly T[], maxWaveSeconds: number, nowMs: number): Wave<T>[] {
  const waves = new Map<string, { region: string; delaySeconds: number; jobs: T[] }>();
  for (const planned of jobs) {
    const { region } = planned.job;
    const delaySeconds = deliveryDelaySeconds(planned, maxWaveSeconds, nowMs);
    const key = JSON.stringify([region, delaySeconds]);
    const wave = waves.get(key) ?? { region, delaySeconds, jobs: [] };
    wave.jobs.push(planned);
    waves.set(key, wave);
  }
  return [...waves.values()];
}
