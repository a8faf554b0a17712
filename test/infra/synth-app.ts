/**
 * The CDK app synthesized in-process with a fixed config (three regions, so nothing
 * passes only because there happen to be two), cdk-nag's AwsSolutions checks on (a
 * finding makes synth throw), and bundling skipped unless asked for: the assertions
 * read templates, not code.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeploymentConfig, type DeploymentConfig } from '../../lib/config.ts';
import { buildCrossCheck, type CrossCheckStacks } from '../../lib/crosscheck-app.ts';

export const TEST_CONFIG: DeploymentConfig = parseDeploymentConfig({
  account: '123456789012',
  homeRegion: 'eu-west-1',
  probeRegions: 'eu-west-1,us-east-1,ap-southeast-2',
  alertFrom: 'CrossCheck <alerts@example.org>',
  alertTo: 'ops@example.org,oncall@example.org',
  allowedPrivateRanges: '10.1.0.0/16',
  alarmEmail: 'alarms@example.org',
  logRetentionDays: 30,
});

export interface Synthesized {
  readonly app: App;
  readonly stacks: CrossCheckStacks;
  readonly home: Template;
  /** By region. */
  readonly probes: ReadonlyMap<string, Template>;
  readonly all: readonly Template[];
}

export interface SynthOptions {
  readonly config?: DeploymentConfig;
  /** Run esbuild for every function. @default false */
  readonly bundle?: boolean;
  readonly outdir?: string;
  /** Changes the stacks before synthesis (to prove that checks catch something). */
  readonly amend?: (stacks: CrossCheckStacks) => void;
}

export function synthApp(options: SynthOptions = {}): Synthesized {
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const stacks = buildCrossCheck(app, options.config ?? TEST_CONFIG);
  options.amend?.(stacks);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const home = Template.fromStack(stacks.home);
  const probes = new Map(stacks.probes.map((stack) => [stack.region, Template.fromStack(stack)]));
  return { app, stacks, home, probes, all: [home, ...probes.values()] };
}

export type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

export function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

/** The logical id of the one resource of `type` whose id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = resourcesOf(template, type)
    .map(([id]) => id)
    .filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0]!;
}

/** Every statement of every IAM policy attached to the role `roleId`. */
export function statementsOfRole(template: Template, roleId: string): any[] {
  return resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties!['Roles'] as any[]).some((role) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties!['PolicyDocument'].Statement as any[]);
}

export const actionsOf = (statement: any): string[] => [statement.Action].flat();
