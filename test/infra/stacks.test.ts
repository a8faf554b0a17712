/** What matters in the templates, asserted one property at a time. */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_INDEXES, TTL_ATTRIBUTE } from '../../functions/adapters/aws/table-design.ts';
import { ENV } from '../../functions/lambda/env-names.ts';
import { parseDeploymentConfig } from '../../lib/config.ts';
import { TEST_CONFIG, actionsOf, logicalId, resourcesOf, statementsOfRole, synthApp, type Synthesized } from './synth-app.ts';

let synth: Synthesized;
beforeAll(() => {
  synth = synthApp();
}, 120_000);

const REGIONS = TEST_CONFIG.probeRegions;

describe('home stack', () => {
  it('signs with a retained KMS P-256 key (ES256), with an alias', () => {
    synth.home.hasResource('AWS::KMS::Key', {
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    synth.home.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/crosscheck-ledger' });
  });

  it('keeps one on-demand global table with a replica in every probe region, TTL on expiresAt, PITR, and RETAIN', () => {
    synth.home.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    synth.home.hasResource('AWS::DynamoDB::GlobalTable', {
      Properties: {
        TableName: 'crosscheck',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        GlobalSecondaryIndexes: TABLE_INDEXES.map((index) =>
          Match.objectLike({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    const [, table] = resourcesOf(synth.home, 'AWS::DynamoDB::GlobalTable')[0]!;
    const replicas = table.Properties!['Replicas'] as any[];
    expect(replicas.map((r) => r.Region).sort()).toEqual([...REGIONS].sort());
    for (const replica of replicas) {
      expect(replica).toMatchObject({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    }
  });

  it('schedules once a minute and sends jobs to every region\'s checks queue', () => {
    const scheduler = logicalId(synth.home, 'AWS::Lambda::Function', 'Scheduler');
    synth.home.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [scheduler, 'Arn'] } })],
    });
    const role = logicalId(synth.home, 'AWS::IAM::Role', 'SchedulerRole');
    const send = statementsOfRole(synth.home, role).find((s) => actionsOf(s).includes('sqs:SendMessage'));
    expect(JSON.stringify(send.Resource)).toEqual(expect.stringContaining(':sqs:ap-southeast-2:'));
    for (const region of REGIONS) expect(JSON.stringify(send.Resource)).toContain(`crosscheck-${region}-checks`);
    const env = resourcesOf(synth.home, 'AWS::Lambda::Function').find(([id]) => id === scheduler)![1].Properties!['Environment'].Variables;
    for (const region of REGIONS) expect(JSON.stringify(env[ENV.queueUrls])).toContain(`https://sqs.${region}.`);
    expect(env[ENV.checkWaveSeconds]).toBe('20');
  });

  it('applies the rollups queue with the aggregator every 15 minutes; the queue redrives to its DLQ, which alarms', () => {
    const aggregator = logicalId(synth.home, 'AWS::Lambda::Function', 'Aggregator');
    synth.home.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [aggregator, 'Arn'] } })],
    });
    const dlq = logicalId(synth.home, 'AWS::SQS::Queue', 'RollupsDeadLetters');
    synth.home.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'crosscheck-rollups',
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 300,
      MessageRetentionPeriod: 4 * 86_400,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 3 },
    });
    synth.home.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
      Threshold: 0,
    });
    const env = resourcesOf(synth.home, 'AWS::Lambda::Function').find(([id]) => id === aggregator)![1].Properties!['Environment'].Variables;
    expect(env[ENV.rollupQueueUrl]).toEqual({ Ref: logicalId(synth.home, 'AWS::SQS::Queue', 'RollupsQueue') });
    // A failed run is not retried: the next one applies what it left.
    synth.home.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: aggregator }, MaximumRetryAttempts: 0 });
  });

  it('the aggregator may only update rollup items (no reads, no other writes) and consume the rollups queue', () => {
    const statements = statementsOfRole(synth.home, logicalId(synth.home, 'AWS::IAM::Role', 'AggregatorRole')).filter((s) => s.Effect === 'Allow');
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(actionsOf(dynamo[0])).toEqual(['dynamodb:UpdateItem']);
    expect(dynamo[0].Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ROLLUP*'] } });
    expect(JSON.stringify(dynamo[0].Resource)).toContain(':dynamodb:eu-west-1:');
    const sqs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
    expect(sqs.flatMap(actionsOf)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(sqs.flatMap(actionsOf)).not.toContain('sqs:SendMessage');
    for (const statement of sqs) expect(statement.Resource).toEqual({ 'Fn::GetAtt': [logicalId(synth.home, 'AWS::SQS::Queue', 'RollupsQueue'), 'Arn'] });
  });

  it('puts the IAM authorizer on every management route and none on the public $default route', () => {
    synth.home.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /v1/monitors', AuthorizationType: 'AWS_IAM' });
    synth.home.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /v1/monitors/{proxy+}', AuthorizationType: 'AWS_IAM' });
    // The operator's agent routes (issue 10) are management routes too; the agents' own /v1/agent/... use their token.
    synth.home.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /v1/agents', AuthorizationType: 'AWS_IAM' });
    synth.home.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /v1/agents/{proxy+}', AuthorizationType: 'AWS_IAM' });
    synth.home.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default', AuthorizationType: 'NONE' });
    for (const path of ['/v1/channels', '/v1/channels/{proxy+}', '/v1/incidents/{id}/alerts', '/metrics']) {
      synth.home.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `ANY ${path}`, AuthorizationType: 'AWS_IAM' });
    }
    // The signed SLA statement is public under /v1/monitors: its own GET route, more specific than {proxy+}.
    synth.home.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /v1/monitors/{id}/sla', AuthorizationType: 'NONE' });
        // Status pages are read by anyone and changed with a signature: IAM on their writes only.
    for (const key of ['ANY /v1/summary', 'ANY /v1/status-pages', 'PUT /v1/status-pages/{slug}', 'DELETE /v1/status-pages/{slug}', 'POST /v1/incidents', 'POST /v1/incidents/{id}/updates', 'POST /v1/maintenance']) {
      synth.home.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: key, AuthorizationType: 'AWS_IAM' });
    }
    synth.home.resourceCountIs('AWS::ApiGatewayV2::Route', 17);
    // No custom domain unless one is configured.
    synth.home.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });

  it('seals channel secrets with a rotated symmetric key, kept on destroy; only the API function may seal', () => {
    synth.home.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('channel secrets') },
      DeletionPolicy: 'Retain',
    });
    synth.home.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/crosscheck-channels' });
    const statements = JSON.stringify(synth.home.findResources('AWS::IAM::Policy'));
    expect(statements.match(/kms:Encrypt/g) ?? []).toHaveLength(1);
  });

  it('logs API access to a log group with retention and throttles the stage', () => {
    const logs = logicalId(synth.home, 'AWS::Logs::LogGroup', 'HttpAccessLogs');
    synth.home.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logs, 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });
});

describe('probe stacks', () => {
  it.each(REGIONS)('%s: a checks queue redriven to its DLQ after 3 receives, and the verifier\'s failure queue; SSE and TLS-only', (region) => {
    const probe = synth.probes.get(region)!;
    probe.resourceCountIs('AWS::SQS::Queue', 3);
    const name = `crosscheck-${region}-checks`;
    const dlq = logicalId(probe, 'AWS::SQS::Queue', 'ChecksDeadLetters');
    probe.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: name,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 3 },
    });
    probe.hasResourceProperties('AWS::SQS::Queue', { QueueName: `${name}-dlq`, SqsManagedSseEnabled: true });
    probe.hasResourceProperties('AWS::SQS::Queue', { QueueName: `crosscheck-${region}-verify-failed`, SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    // enforceSSL: every queue's policy denies requests without TLS.
    const policies = resourcesOf(probe, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(3);
    for (const [, policy] of policies) {
      expect(policy.Properties!['PolicyDocument'].Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it.each(REGIONS)('%s: the checker consumes its queue in batches and reports partial batch failures; no queue is polled for verifications', (region) => {
    const probe = synth.probes.get(region)!;
    const mappings = resourcesOf(probe, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const checker = logicalId(probe, 'AWS::Lambda::Function', 'Checker');
    const checks = logicalId(probe, 'AWS::SQS::Queue', 'ChecksQueue');
    probe.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: checker },
      EventSourceArn: { 'Fn::GetAtt': [checks, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 2,
      ScalingConfig: { MaximumConcurrency: 20 },
    });
  });

  it.each(REGIONS)('%s: the verifier, named for its region, is invoked asynchronously: two retries, 15 minutes at most, failures to its queue', (region) => {
    const probe = synth.probes.get(region)!;
    const verifier = logicalId(probe, 'AWS::Lambda::Function', 'Verifier');
    probe.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `crosscheck-${region}-verifier` });
    const failures = logicalId(probe, 'AWS::SQS::Queue', 'VerifyFailures');
    probe.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: verifier },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 900,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failures, 'Arn'] } } },
    });
  });

  it('a checker may invoke the other regions\' verifiers (not its own) and the home recorder, and send only to the rollups queue', () => {
    const probe = synth.probes.get('us-east-1')!;
    const statements = statementsOfRole(probe, logicalId(probe, 'AWS::IAM::Role', 'CheckerRole'));
    const invoke = JSON.stringify(statements.find((s) => actionsOf(s).includes('lambda:InvokeFunction')).Resource);
    expect(invoke).toContain(':lambda:eu-west-1:');
    expect(invoke).toContain(':function:crosscheck-recorder');
    expect(invoke).toContain(':function:crosscheck-eu-west-1-verifier');
    expect(invoke).toContain(':function:crosscheck-ap-southeast-2-verifier');
    expect(invoke).not.toContain('crosscheck-us-east-1-verifier');
    const send = JSON.stringify(statements.filter((s) => actionsOf(s).includes('sqs:SendMessage')).map((s) => s.Resource));
    expect(send).toContain('crosscheck-rollups');
    expect(send).not.toContain('-verify');
    const env = resourcesOf(probe, 'AWS::Lambda::Function').find(([id]) => id.startsWith('Checker'))![1].Properties!['Environment'].Variables;
    expect(JSON.parse(env[ENV.verifierFunctions])).toEqual({ 'eu-west-1': 'crosscheck-eu-west-1-verifier', 'ap-southeast-2': 'crosscheck-ap-southeast-2-verifier' });
  });

  it.each(['Checker', 'Verifier'])('a %s writes items with PutItem only (rollups go through the home region\'s rollups queue)', (name) => {
    for (const region of REGIONS) {
      const probe = synth.probes.get(region)!;
      const statements = statementsOfRole(probe, logicalId(probe, 'AWS::IAM::Role', `${name}Role`)).filter((s) => s.Effect === 'Allow');
      const writes = statements.flatMap(actionsOf).filter((a) => ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'].includes(a));
      expect(writes).toEqual([]);
      expect(statements.flatMap(actionsOf)).toContain('dynamodb:PutItem');
      const send = JSON.stringify(statements.filter((s) => actionsOf(s).includes('sqs:SendMessage')).map((s) => s.Resource));
      expect(send).toContain(':sqs:eu-west-1:');
      expect(send).toContain('crosscheck-rollups');
      const fn = resourcesOf(probe, 'AWS::Lambda::Function').find(([id]) => id.startsWith(name))![1];
      expect(JSON.stringify(fn.Properties!['Environment'].Variables[ENV.rollupQueueUrl])).toContain('https://sqs.eu-west-1.');
    }
  });

  it('a checker may send e-mail only from the configured identity (and to the default recipients, for the SES sandbox)', () => {
    const probe = synth.probes.get('ap-southeast-2')!;
    const statements = statementsOfRole(probe, logicalId(probe, 'AWS::IAM::Role', 'CheckerRole'));
    const ses = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(actionsOf(ses[0])).toEqual(['ses:SendEmail']);
    const resources = JSON.stringify(ses[0].Resource);
    for (const identity of ['alerts@example.org', 'example.org', 'ops@example.org', 'oncall@example.org']) {
      expect(resources).toContain(`:ses:eu-west-1:`);
      expect(resources).toContain(`:identity/${identity}"`);
    }
  });

  it('alarms on any message in the dead-letter queue or the verifier\'s failure queue, notifying the alarm topic', () => {
    const probe = synth.probes.get('eu-west-1')!;
    const topic = logicalId(probe, 'AWS::SNS::Topic', 'Alarms');
    for (const prefix of ['ChecksDeadLetters', 'VerifyFailures']) {
      const dlq = logicalId(probe, 'AWS::SQS::Queue', prefix);
      probe.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [{ Ref: topic }],
      });
    }
    probe.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'alarms@example.org' });
  });
});

describe('every function', () => {
  const functions = () => synth.all.flatMap((t) => resourcesOf(t, 'AWS::Lambda::Function').map(([id, fn]) => ({ template: t, id, fn })));

  it('runs Node 24 on arm64 with source maps, in its own log group with the configured retention', () => {
    const all = functions();
    expect(all).toHaveLength(4 + 3 * REGIONS.length);
    for (const { template, fn } of all) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
      const logGroup = fn.Properties!['LoggingConfig'].LogGroup.Ref as string;
      expect(template.toJSON().Resources[logGroup].Properties.RetentionInDays).toBe(30);
    }
    for (const template of synth.all) {
      for (const [, group] of resourcesOf(template, 'AWS::Logs::LogGroup')) expect(group.Properties!['RetentionInDays']).toBe(30);
    }
  });

  it('has an errors alarm', () => {
    for (const { template, id } of functions()) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
        Threshold: 0,
      });
    }
  });
});

describe('least privilege', () => {
  const roles = () =>
    synth.all.flatMap((template) => resourcesOf(template, 'AWS::IAM::Role').map(([id]) => ({ template, id, statements: statementsOfRole(template, id) })));

  it('only the recorder may call kms:Sign', () => {
    const signers = roles().filter((r) => r.statements.some((s) => s.Effect === 'Allow' && actionsOf(s).includes('kms:Sign')));
    expect(signers.map((r) => r.id)).toEqual([logicalId(synth.home, 'AWS::IAM::Role', 'RecorderRole')]);
    expect(roles().flatMap((r) => r.statements).filter((s) => actionsOf(s).some((a) => a === 'kms:*' || a === '*'))).toEqual([]);
  });

  it('no role may delete, update or batch-write ledger items, in any region; only the recorder may put them', () => {
    const recorder = logicalId(synth.home, 'AWS::IAM::Role', 'RecorderRole');
    const all = roles();
    expect(all.length).toBeGreaterThanOrEqual(4 + 3 * REGIONS.length);
    for (const role of all) {
      const deny = role.statements.find((s) => s.Sid === 'LedgerIsAppendOnly');
      expect(deny, role.id).toMatchObject({
        Effect: 'Deny',
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['LEDGER*'] } },
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:*:', { Ref: 'AWS::AccountId' }, ':table/crosscheck']] },
      });
      const denied = actionsOf(deny);
      expect(denied).toEqual(expect.arrayContaining(['dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem']));
      expect(denied.includes('dynamodb:PutItem'), role.id).toBe(role.id !== recorder);
    }
  });

  it('the recorder writes new ledger items, and monitor items only with them (put or delete, never update)', () => {
    const statements = statementsOfRole(synth.home, logicalId(synth.home, 'AWS::IAM::Role', 'RecorderRole'));
    const dynamoAllows = statements.filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    const byKeys = (prefix: string) =>
      dynamoAllows.filter((s) => JSON.stringify(s.Condition) === JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [prefix] } }));
    expect(byKeys('LEDGER*').length + byKeys('MONITOR#*').length).toBe(dynamoAllows.length);
    for (const statement of byKeys('LEDGER*')) {
      expect(actionsOf(statement)).not.toEqual(expect.arrayContaining(['dynamodb:UpdateItem']));
      expect(actionsOf(statement)).not.toEqual(expect.arrayContaining(['dynamodb:DeleteItem']));
    }
    expect(byKeys('LEDGER*').flatMap(actionsOf)).toContain('dynamodb:PutItem');
    expect(byKeys('MONITOR#*').flatMap(actionsOf).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem']);
  });

  it('no role uses a managed policy or a wildcard action', () => {
    for (const { template } of roles()) {
      for (const [, role] of resourcesOf(template, 'AWS::IAM::Role')) expect(role.Properties!['ManagedPolicyArns']).toBeUndefined();
    }
    const wildcard = roles().flatMap((r) => r.statements).filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => a.includes('*')));
    expect(wildcard).toEqual([]);
  });
});

describe('a status page on its own domain', () => {
  it('maps the configured domain, with its ACM certificate, to the API stage and outputs its DNS target; cdk-nag stays clean', () => {
    const config = parseDeploymentConfig({
      ...TEST_CONFIG,
      probeRegions: TEST_CONFIG.probeRegions.join(','),
      alertTo: TEST_CONFIG.alertTo.join(','),
      allowedPrivateRanges: TEST_CONFIG.allowedPrivateRanges.join(','),
      statusDomain: 'status.example.org',
      statusCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0b8f2a40-1111-2222-3333-444455556666',
    });
    const { home } = synthApp({ config });
    home.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'status.example.org',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0b8f2a40-1111-2222-3333-444455556666', EndpointType: 'REGIONAL' })],
    });
    home.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
  });

  it('refuses a domain without its certificate, naming the key', () => {
    expect(() => parseDeploymentConfig({ statusDomain: 'status.example.org' })).toThrow(/statusCertificateArn: statusDomain and statusCertificateArn go together/);
    expect(() => parseDeploymentConfig({ statusDomain: 'https://x', statusCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' })).toThrow(/statusDomain: must be a DNS name/);
  });
});
