/**
 * The whole deployment for one config: the home stack in the home region and a probe
 * stack in every probe region. Stacks are region-specific (replicas and cross-region
 * names need explicit regions); the account is optional: without one they are
 * account-agnostic and the CLI's credentials decide at deploy time, so that synth
 * needs no credentials at all.
 */
import type { Environment } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from './config.ts';
import { HomeStack } from './home-stack.ts';
import { ProbeStack } from './probe-stack.ts';

export interface CrossCheckStacks {
  readonly home: HomeStack;
  readonly probes: readonly ProbeStack[];
}

export function buildCrossCheck(scope: Construct, config: DeploymentConfig): CrossCheckStacks {
  const env = (region: string): Environment => (config.account === undefined ? { region } : { account: config.account, region });
  const home = new HomeStack(scope, 'Home', {
    config,
    env: env(config.homeRegion),
    stackName: `${config.name}-home`,
    description: 'CrossCheck home region: table, signing key, recorder, scheduler, API',
  });
  const probes = config.probeRegions.map((region) => {
    const probe = new ProbeStack(scope, `Probe-${region}`, {
      config,
      region,
      env: env(region),
      stackName: `${config.name}-probe-${region}`,
      description: `CrossCheck probe region ${region}: queues, checker, verifier, prober`,
    });
    // The table (and its replica here) and the recorder come first.
    probe.addStackDependency(home);
    return probe;
  });
  return { home, probes };
}
