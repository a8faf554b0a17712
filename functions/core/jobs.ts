/** Messages that travel through the job queue and the verify queue. */
import type { CheckResult } from './check-result.ts';
import type { Monitor } from './monitor.ts';

/** Run one check of `monitor` in `region`. The definition travels with the job: no read per check. */
export interface CheckJob {
  readonly jobId: string;
  readonly monitor: Monitor;
  readonly region: string;
  /** RFC 3339: when the check is due (scheduler time + delay). */
  readonly scheduledFor: string;
}

/** Ask `region` (the queue it is sent to) to re-check a failure seen elsewhere. */
export interface VerifyRequest {
  readonly verificationId: string;
  readonly monitor: Monitor;
  readonly fromRegion: string;
  readonly primary: CheckResult;
  /** Regions already asked before this one, in order. */
  readonly tried: readonly string[];
  /** RFC 3339. */
  readonly requestedAt: string;
}
