import type { CheckResult } from '../core/check-result.ts';
import type { MonitorDefinition } from '../core/monitor.ts';

/**
 * Runs one check of a monitor from a location: the engine in this process (checker,
 * verifier, local mode), or the prober function of another region ("check now" in AWS).
 */
export interface CheckRunner {
  run(definition: MonitorDefinition, region: string): Promise<CheckResult>;
}
