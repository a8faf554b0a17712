/**
 * One probe region (the home region has one too): the checks queue with its dead-letter
 * queue and the checker consuming it in batches with partial batch failures; the
 * verifier, invoked asynchronously by the other regions' checkers and verifiers, with a
 * queue for the requests it could not handle; the prober ("check now" from this
 * region); and alarms on those queues and the functions' errors.
 *
 * Everything in other regions is reached by name (names.ts): the home region's table,
 * recorder and rollups queue, the other regions' verifiers.
 */
import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../functions/lambda/env-names.ts';
import { RegionAlarms } from './alarms.ts';
import type { DeploymentConfig } from './config.ts';
import { CrossCheckFunction } from './crosscheck-function.ts';
import { functionDefaults } from './function-defaults.ts';
import { grantInvoke, grantSendEmail, grantSendMessage } from './grants.ts';
import { channelKeyAliasArn, grantOpenChannelSecrets } from './channel-key.ts';
import { namesFor, queueUrl } from './names.ts';
import { QueueWithDlq } from './queue-with-dlq.ts';
import { grantTable } from './table-access.ts';

export interface ProbeStackProps extends StackProps {
  readonly config: DeploymentConfig;
  /** The region this stack probes from; also `env.region`. */
  readonly region: string;
  /** Jobs per checker invocation, run concurrently. @default 10 */
  readonly batchSize?: number;
  /** Checker invocations at once in this region. @default 20 */
  readonly maxConcurrency?: number;
}

/** A check has at most 60 s (the monitor schema's cap); the rest is storing, verifying, alerting. */
const CONSUMER_TIMEOUT = Duration.seconds(90);
/** A verification request older than this is stale: the state machine has asked again by then. */
const VERIFICATION_MAX_AGE = Duration.minutes(15);
/** Twice the consumer's timeout: a message comes back only after its invocation surely ended. */
const VISIBILITY_TIMEOUT = Duration.seconds(180);

export class ProbeStack extends Stack {
  readonly checks: QueueWithDlq;
  /** Verification requests the verifier could not handle (after Lambda's retries). */
  readonly verifyFailures: sqs.Queue;
  readonly checker: CrossCheckFunction;
  readonly verifier: CrossCheckFunction;
  readonly prober: CrossCheckFunction;

  constructor(scope: Construct, id: string, props: ProbeStackProps) {
    super(scope, id, props);
    const { config, region } = props;
    const names = namesFor(config.name);
    const home = config.homeRegion;
    const regions = config.probeRegions;
    const others = regions.filter((r) => r !== region);
    const defaults = functionDefaults(config);
    const alarms = new RegionAlarms(this, 'Alarms', config.alarmEmail === undefined ? {} : { alarmEmail: config.alarmEmail });

    this.checks = new QueueWithDlq(this, 'Checks', { queueName: names.checksQueue(region), visibilityTimeout: VISIBILITY_TIMEOUT });

    // Checker and verifier run the same services with the same ports.
    const environment = {
      [ENV.table]: names.table,
      [ENV.homeRegion]: home,
      [ENV.regions]: regions.join(','),
      [ENV.verifierFunctions]: JSON.stringify(Object.fromEntries(others.map((r) => [r, names.verifierFunction(r)]))),
      [ENV.rollupQueueUrl]: queueUrl(home, names.rollupsQueue),
      [ENV.recorderFunction]: names.recorderFunction,
      [ENV.alertFrom]: config.alertFrom,
      [ENV.alertTo]: config.alertTo.join(','),
      [ENV.channelKeyId]: channelKeyAliasArn(this, home, names.channelKeyAlias),
      [ENV.allowedPrivateRanges]: config.allowedPrivateRanges.join(','),
    };
    const consumer = (id: string, entryFolder: string, description: string, functionName?: string): CrossCheckFunction => {
      const fn = new CrossCheckFunction(this, id, {
        ...defaults,
        entryFolder,
        description,
        timeout: CONSUMER_TIMEOUT,
        environment,
        ...(functionName === undefined ? {} : { functionName }),
      });
      // Results and anomalies in this region's replica; state, incidents and alert log in the
      // home region's. Every write is a PutItem: rollups go through the rollups queue.
      grantTable(this, fn, { tableName: names.table, regions: [region, home], write: 'put' });
      grantSendMessage(this, fn, [{ region: home, queueName: names.rollupsQueue }]);
      grantInvoke(this, fn, [
        { region: home, functionName: names.recorderFunction },
        ...others.map((r) => ({ region: r, functionName: names.verifierFunction(r) })),
      ]);
      grantSendEmail(this, fn, { region: home, from: config.alertFrom, to: config.alertTo });
      grantOpenChannelSecrets(this, fn, { homeRegion: home, alias: names.channelKeyAlias });
      alarms.onFunctionErrors(fn, id);
      return fn;
    };

    this.checker = consumer('Checker', 'checker', 'CrossCheck checker: runs a batch of check jobs concurrently');
    this.checker.addEventSource(
      new SqsEventSource(this.checks.queue, {
        batchSize: props.batchSize ?? 10,
        // A short window fills batches (fewer invocations) and delays a check by at most 2 s.
        maxBatchingWindow: Duration.seconds(2),
        maxConcurrency: props.maxConcurrency ?? 20,
        reportBatchItemFailures: true,
      }),
    );

    // The verifier: invoked asynchronously (Lambda queues the event, runs it at once,
    // retries it twice on failure) by the other regions, so no event source polls a queue
    // all month for the few requests an outage brings. What still fails, or waits longer
    // than a verification is worth, lands in a queue with an alarm.
    this.verifier = consumer('Verifier', 'verifier', 'CrossCheck verifier: re-checks failures seen in other regions', names.verifierFunction(region));
    this.verifyFailures = new sqs.Queue(this, 'VerifyFailures', {
      queueName: names.verifyFailuresQueue(region),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.verifyFailures.node.defaultChild!).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is where the verifier\'s failed asynchronous invocations land (its dead-letter destination); nothing consumes it, so it needs no dead-letter queue of its own.',
    });
    this.verifier.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: VERIFICATION_MAX_AGE, onFailure: new SqsDestination(this.verifyFailures) });

    // The prober: one check from this region for "check now"; no table, no queues.
    this.prober = new CrossCheckFunction(this, 'Prober', {
      ...defaults,
      entryFolder: 'prober',
      functionName: names.proberFunction(region),
      description: 'CrossCheck prober: one check from this region, on request (check now)',
      timeout: Duration.seconds(75),
      environment: { [ENV.allowedPrivateRanges]: config.allowedPrivateRanges.join(',') },
    });
    alarms.onFunctionErrors(this.prober, 'Prober');

    alarms.onDeadLetters(this.checks.deadLetterQueue, 'ChecksQueue');
    alarms.onDeadLetters(this.verifyFailures, 'VerifyFailures');
  }
}
