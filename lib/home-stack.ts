/**
 * The home region: the global table (with its replicas), the signing key, the
 * recorder (the only ledger writer and the only kms:Sign caller), the scheduler and its
 * once-a-minute rule, the rollups queue and the aggregator that applies it on a
 * schedule, the HTTP API and its function, and alarms.
 *
 * The probe resources of the home region (queues, checker, verifier, prober) are in
 * that region's probe stack, like every other region's: one shape for every region.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { LEDGER_KEY_PREFIX, MONITOR_KEY_PREFIX, ROLLUP_KEY_PREFIX } from '../functions/adapters/aws/table-design.ts';
import { ENV } from '../functions/lambda/env-names.ts';
import { RegionAlarms } from './alarms.ts';
import type { DeploymentConfig } from './config.ts';
import { copyBesideBundle, CrossCheckFunction } from './crosscheck-function.ts';
import { functionDefaults } from './function-defaults.ts';
import { GlobalTable } from './global-table.ts';
import { grantInvoke, grantSendEmail, grantSendMessage } from './grants.ts';
import { CrossCheckHttpApi } from './http-api.ts';
import { namesFor, queueUrl } from './names.ts';
import { QueueWithDlq } from './queue-with-dlq.ts';
import { ChannelKey } from './channel-key.ts';
import { NoteKey, SigningKey } from './signing-key.ts';
import { grantTable } from './table-access.ts';

export interface HomeStackProps extends StackProps {
  readonly config: DeploymentConfig;
}

export class HomeStack extends Stack {
  readonly table: GlobalTable;
  readonly signingKey: SigningKey;
  readonly recorder: CrossCheckFunction;
  readonly scheduler: CrossCheckFunction;
  readonly rollups: QueueWithDlq;
  readonly aggregator: CrossCheckFunction;
  readonly apiFunction: CrossCheckFunction;
  readonly httpApi: CrossCheckHttpApi;

  constructor(scope: Construct, id: string, props: HomeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const names = namesFor(config.name);
    const home = config.homeRegion;
    const regions = config.probeRegions;
    const defaults = functionDefaults(config);

    this.table = new GlobalTable(this, 'Data', { tableName: names.table, replicaRegions: regions.filter((r) => r !== home) });
    this.signingKey = new SigningKey(this, 'Ledger', { alias: names.keyAlias });
    const channelKey = new ChannelKey(this, 'Channels', { alias: names.channelKeyAlias });
    const alarms = new RegionAlarms(this, 'Alarms', config.alarmEmail === undefined ? {} : { alarmEmail: config.alarmEmail });
    const common = { [ENV.table]: names.table, [ENV.homeRegion]: home };

    // The recorder: the LedgerWriter with the KMS signer; every other function asks it.
    this.recorder = new CrossCheckFunction(this, 'Recorder', {
      ...defaults,
      entryFolder: 'recorder',
      functionName: names.recorderFunction,
      description: 'CrossCheck recorder: appends signed entries to the ledger',
      appendsToLedger: true,
      environment: { ...common, [ENV.kmsKeyId]: this.signingKey.key.keyArn },
    });
    grantTable(this, this.recorder, { tableName: names.table, regions: [home], write: 'put', keyPrefixes: [LEDGER_KEY_PREFIX] });
    // A monitor definition change is written in the same transaction as its ledger entry
    // (conditional on the definition it was made from): monitor items only, no reads.
    grantTable(this, this.recorder, { tableName: names.table, regions: [home], read: false, write: 'put-delete', keyPrefixes: [MONITOR_KEY_PREFIX] });
    this.signingKey.grantSign(this.recorder);

    // The scheduler: once a minute, the minute's check jobs into every region's queue.
    this.scheduler = new CrossCheckFunction(this, 'Scheduler', {
      ...defaults,
      entryFolder: 'scheduler',
      description: 'CrossCheck scheduler: sends the minute\'s check jobs to every region',
      timeout: Duration.seconds(50),
      environment: {
        ...common,
        [ENV.regions]: regions.join(','),
        [ENV.queueUrls]: Stack.of(this).toJsonString(Object.fromEntries(regions.map((r) => [r, queueUrl(r, names.checksQueue(r))]))),
        [ENV.checkWaveSeconds]: String(config.checkWaveSeconds),
      },
    });
    grantTable(this, this.scheduler, { tableName: names.table, regions: [home] });
    grantSendMessage(this, this.scheduler, regions.map((region) => ({ region, queueName: names.checksQueue(region) })));
    // A tick that failed half-way is not retried: a retry would send the jobs already
    // sent a second time. A missed minute is a gap in the data, not a false alert.
    this.scheduler.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });
    new events.Rule(this, 'EveryMinute', {
      description: 'CrossCheck: schedule the checks of the coming minute',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.scheduler, { retryAttempts: 2, maxEventAge: Duration.minutes(1) })],
    });

    // Rollups written behind: checkers and verifiers in every region send one message of
    // merged deltas per invocation; the aggregator applies the queue on a schedule, one
    // write per monitor, region and hour. Messages wait up to one interval, so they are
    // kept for days (an aggregator that is down loses nothing for a while), and the
    // visibility timeout outlasts the aggregator's run.
    const aggregatorTimeout = Duration.minutes(2);
    this.rollups = new QueueWithDlq(this, 'Rollups', {
      queueName: names.rollupsQueue,
      visibilityTimeout: Duration.minutes(5),
      retentionPeriod: Duration.days(4),
    });
    this.aggregator = new CrossCheckFunction(this, 'Aggregator', {
      ...defaults,
      entryFolder: 'aggregator',
      description: 'CrossCheck aggregator: applies the queued rollup deltas to the hourly rollups',
      timeout: aggregatorTimeout,
      environment: { ...common, [ENV.rollupQueueUrl]: this.rollups.queue.queueUrl },
    });
    // Rollup items only, UpdateItem only, no reads.
    grantTable(this, this.aggregator, { tableName: names.table, regions: [home], read: false, write: 'update', keyPrefixes: [ROLLUP_KEY_PREFIX] });
    this.rollups.queue.grantConsumeMessages(this.aggregator);
    // A failed run leaves its messages for the next one: no retry of the same run.
    this.aggregator.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(config.rollupIntervalMinutes) });
    new events.Rule(this, 'ApplyRollups', {
      description: `CrossCheck: apply the queued rollup deltas every ${config.rollupIntervalMinutes} minutes`,
      schedule: events.Schedule.rate(Duration.minutes(config.rollupIntervalMinutes)),
      targets: [new targets.LambdaFunction(this.aggregator, { retryAttempts: 2, maxEventAge: Duration.minutes(config.rollupIntervalMinutes) })],
    });

    // The API: the same handler as the local runtime, with the dashboard beside the bundle.
    this.apiFunction = new CrossCheckFunction(this, 'Api', {
      ...defaults,
      entryFolder: 'http',
      description: 'CrossCheck HTTP API and dashboard',
      memorySize: 512,
      timeout: Duration.seconds(29),
      commandHooks: copyBesideBundle('functions/dashboard/static', 'static'),
      environment: {
        ...common,
        [ENV.regions]: regions.join(','),
        [ENV.kmsKeyId]: this.signingKey.key.keyArn,
        [ENV.recorderFunction]: names.recorderFunction,
        [ENV.proberFunctions]: JSON.stringify(Object.fromEntries(regions.map((r) => [r, names.proberFunction(r)]))),
        // Pausing or deleting a monitor is a state transition: it may settle a verification
        // request or an alert that a checker left pending.
        [ENV.verifierFunctions]: JSON.stringify(Object.fromEntries(regions.map((r) => [r, names.verifierFunction(r)]))),
        [ENV.alertFrom]: config.alertFrom,
        [ENV.alertTo]: config.alertTo.join(','),
        [ENV.channelKeyId]: channelKey.key.keyArn,
        [ENV.allowedPrivateRanges]: config.allowedPrivateRanges.join(','),
      },
    });
    grantTable(this, this.apiFunction, { tableName: names.table, regions: [home], write: 'all' });
    this.signingKey.grantPublicKey(this.apiFunction);
    channelKey.grantSealAndOpen(this.apiFunction);
    grantInvoke(this, this.apiFunction, [
      { region: home, functionName: names.recorderFunction },
      ...regions.map((region) => ({ region, functionName: names.proberFunction(region) })),
      ...regions.map((region) => ({ region, functionName: names.verifierFunction(region) })),
    ]);
    grantSendEmail(this, this.apiFunction, { region: home, from: config.alertFrom, to: config.alertTo });
    this.httpApi = new CrossCheckHttpApi(this, 'Http', {
      handler: this.apiFunction,
      logRetention: defaults.logRetention,
      logRemovalPolicy: defaults.logRemovalPolicy,
      ...(config.statusDomain && config.statusCertificateArn ? { domain: { name: config.statusDomain, certificateArn: config.statusCertificateArn } } : {}),
    });

    alarms.onFunctionErrors(this.recorder, 'Recorder');
    alarms.onFunctionErrors(this.scheduler, 'Scheduler');
    alarms.onFunctionErrors(this.aggregator, 'Aggregator');
    alarms.onDeadLetters(this.rollups.deadLetterQueue, 'RollupsQueue');
    alarms.onFunctionErrors(this.apiFunction, 'Api');

    // The transparency log: its origin (the API's host unless configured) and the optional Ed25519 note key.
    const origin = config.ledgerOrigin ?? `${this.httpApi.api.apiId}.execute-api.${home}.${Stack.of(this).urlSuffix}/ledger`;
    const noteKey = config.ed25519NoteKey ? new NoteKey(this, 'LogNoteKey') : null;
    for (const fn of [this.recorder, this.apiFunction]) {
      fn.addEnvironment(ENV.ledgerOrigin, origin);
      fn.addEnvironment(ENV.noteKeyId, noteKey?.key.keyArn ?? '');
    }
    this.recorder.addEnvironment(
      ENV.witnesses,
      JSON.stringify(config.witnesses.map((w) => ({ url: w.slice(0, w.indexOf('=')), vkey: w.slice(w.indexOf('=') + 1) }))),
    );
    noteKey?.grantSign(this.recorder);
    noteKey?.grantPublicKey(this.apiFunction);
    new CfnOutput(this, 'LedgerOrigin', { value: origin, description: 'The transparency log origin; GET <api>/ledger/vkeys for its verifier keys' });

    new CfnOutput(this, 'TableName', { value: names.table });
    new CfnOutput(this, 'SigningKeyArn', { value: this.signingKey.key.keyArn });
  }
}
