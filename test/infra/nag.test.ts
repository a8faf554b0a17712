/** cdk-nag's AwsSolutions pack over the whole app: no finding left, each acknowledgement with a reason. */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthApp, type Synthesized } from './synth-app.ts';

let outdir: string;
let synth: Synthesized;
beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'crosscheck-nag-'));
  synth = synthApp({ outdir });
}, 120_000);
afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe('cdk-nag AwsSolutions', () => {
  it('synthesizes with the checks on and reports no finding', () => {
    type PluginReport = { pluginName: string; conclusion: string; violations?: unknown[]; suppressedViolations?: { acknowledgedId: string; reason: string }[] };
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] };
    expect(report.pluginReports.map((r) => [r.pluginName, r.conclusion, r.violations ?? []])).toEqual([['AwsSolutions', 'success', []]]);
    // The acknowledged findings stay in the report, with their reasons: an audit trail.
    const suppressed = report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    expect(new Set(suppressed.map((v) => v.acknowledgedId))).toEqual(
      new Set(['AwsSolutions::AwsSolutions-APIG4', 'AwsSolutions::AwsSolutions-SQS3', 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:eu-west-1:123456789012:key/*]']),
    );
  });

  it('would stop the synth on a finding (the checks are really on)', () => {
    const tamper = () =>
      synthApp({ amend: (stacks) => new sqs.Queue(stacks.home, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED }) });
    expect(tamper).toThrow(/Unencrypted\/Resource[\s\S]*AwsSolutions-SQS2/);
  }, 120_000);

  it('acknowledges only what is public by design and the verifiers\' failure queues (a dead-letter destination needs none of its own), each with its reason', () => {
    const acknowledged = synth.app.node
      .findAll()
      .flatMap((node) => node.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => ({ path: node.node.path, m })))
      .flatMap(({ path, m }) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path, id, reason })));
    // The public $default route, and the public GET route of signed SLA statements under /v1/monitors.
    expect(acknowledged.filter((a) => a.id === 'AwsSolutions::AwsSolutions-APIG4')).toHaveLength(2);
    const queues = acknowledged.filter((a) => a.id === 'AwsSolutions::AwsSolutions-SQS3');
    expect(queues.map((a) => a.path).sort()).toEqual(synth.stacks.probes.map((p) => `${p.node.path}/VerifyFailures/Resource`).sort());
    // The checker and verifier of every region open channel secrets with the home region's key, named by its alias (key/* limited by kms:ResourceAliases).
    const channelKey = acknowledged.filter((a) => a.id.startsWith('AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:'));
    expect(channelKey.map((a) => a.path).sort()).toEqual(
      synth.stacks.probes.flatMap((p) => [`${p.node.path}/CheckerRole/DefaultPolicy/Resource`, `${p.node.path}/VerifierRole/DefaultPolicy/Resource`]).sort(),
    );
    expect(acknowledged).toHaveLength(2 + synth.stacks.probes.length * 3);
    for (const { reason } of acknowledged) expect(reason.length).toBeGreaterThan(60);
  });
});
