/**
 * One small snapshot per stack: the shape of each template (resource types and counts,
 * functions, queues, routes, outputs), not the whole template. Asset hashes and logical
 * ids are left out so that the snapshot changes only when the deployment does.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeploymentConfig } from '../../lib/config.ts';
import { synthApp, type Synthesized } from './synth-app.ts';

/** The default two regions, as a plain `npm run synth` (plus an account and an alarm address). */
const config = parseDeploymentConfig({ account: '123456789012', alarmEmail: 'alarms@example.org' });
let synth: Synthesized;
beforeAll(() => {
  synth = synthApp({ config });
}, 120_000);

function shape(template: Template): Record<string, unknown> {
  const json = template.toJSON() as { Resources: Record<string, { Type: string; Properties?: any }>; Outputs?: Record<string, unknown> };
  const resources = Object.values(json.Resources);
  const ofType = (type: string) => resources.filter((r) => r.Type === type).map((r) => r.Properties ?? {});
  const types: Record<string, number> = {};
  for (const { Type } of resources.toSorted((a, b) => a.Type.localeCompare(b.Type))) types[Type] = (types[Type] ?? 0) + 1;
  return {
    types,
    functions: ofType('AWS::Lambda::Function')
      .map((fn) => ({
        description: fn.Description,
        memory: fn.MemorySize,
        timeout: fn.Timeout,
        environment: Object.keys(fn.Environment?.Variables ?? {}).sort(),
      }))
      .sort((a, b) => a.description.localeCompare(b.description)),
    queues: ofType('AWS::SQS::Queue')
      .map((q) => ({ name: q.QueueName, visibility: q.VisibilityTimeout, retention: q.MessageRetentionPeriod, maxReceiveCount: q.RedrivePolicy?.maxReceiveCount }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    routes: ofType('AWS::ApiGatewayV2::Route').map((r) => `${r.RouteKey} ${r.AuthorizationType}`).sort(),
    alarms: ofType('AWS::CloudWatch::Alarm').map((a) => `${a.Namespace}/${a.MetricName} > ${a.Threshold}`).sort(),
    outputs: Object.keys(json.Outputs ?? {}).map((key) => key.replace(/[0-9A-F]{8}$/, '')).sort(),
  };
}

describe('stack shapes', () => {
  it('home stack', () => {
    expect(shape(synth.home)).toMatchSnapshot();
  });

  it.each(config.probeRegions)('probe stack %s', (region) => {
    expect(shape(synth.probes.get(region)!)).toMatchSnapshot();
  });
});
