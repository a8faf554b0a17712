/** What the deployed stacks hold that the cost model needs, counted in the synthesized templates (no bundling). */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseDeploymentConfig, type DeploymentConfig } from '../../lib/config.ts';
import { buildCrossCheck } from '../../lib/crosscheck-app.ts';
import type { StackCounts } from './model.ts';

type Resource = { Type: string; Properties?: Record<string, any> };

export function stackCounts(raw: Record<string, unknown> = {}): { counts: StackCounts; config: DeploymentConfig } {
  const config = parseDeploymentConfig(raw);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildCrossCheck(app, config);
  const resources = [stacks.home, ...stacks.probes].flatMap((stack) => Object.values(Template.fromStack(stack).toJSON()['Resources'] as Record<string, Resource>));
  const ofType = (type: string) => resources.filter((r) => r.Type === type);
  const mappings = ofType('AWS::Lambda::EventSourceMapping');
  const checker = mappings.find((m) => JSON.stringify(m.Properties?.['EventSourceArn']).includes('Checks'));
  const memoryMb: Record<string, number> = {};
  for (const fn of ofType('AWS::Lambda::Function')) {
    const service = String(fn.Properties?.['Environment']?.Variables?.['POWERTOOLS_SERVICE_NAME'] ?? '');
    memoryMb[service.replace(/^crosscheck-/, '')] = Number(fn.Properties?.['MemorySize'] ?? 128);
  }
  return {
    config,
    counts: {
      alarms: ofType('AWS::CloudWatch::Alarm').length,
      polledQueues: mappings.length,
      kmsKeys: ofType('AWS::KMS::Key').length,
      checkerBatchSize: Number(checker?.Properties?.['BatchSize'] ?? 10),
      checkerBatchingWindowSeconds: Number(checker?.Properties?.['MaximumBatchingWindowInSeconds'] ?? 0),
      memoryMb,
    },
  };
}
