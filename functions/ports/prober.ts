import type { CheckResult } from '../core/check-result.ts';
import type { MonitorDefinition } from '../core/monitor.ts';

/** Runs one check of a monitor from the region this process probes from. */
export interface Prober {
  check(definition: MonitorDefinition, region: string): Promise<CheckResult>;
}
