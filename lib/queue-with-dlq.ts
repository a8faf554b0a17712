/**
 * An SQS queue with its dead-letter queue: SQS-managed encryption, TLS enforced, and a
 * redrive after `maxReceiveCount` receives, so that a message that keeps failing
 * (a bad body, a check that crashes) ends up somewhere visible instead of looping.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface QueueWithDlqProps {
  /** Physical name; the dead-letter queue is `<queueName>-dlq`. */
  readonly queueName: string;
  /** At least the consumer's timeout (CDK checks it). @default Duration.minutes(3) */
  readonly visibilityTimeout?: Duration;
  /** Receives before a message moves to the dead-letter queue. @default 3 */
  readonly maxReceiveCount?: number;
  /** How long the main queue keeps a message: a check job is useless after a few minutes. @default Duration.hours(1) */
  readonly retentionPeriod?: Duration;
  /** How long dead letters are kept for inspection and redrive. @default Duration.days(14) */
  readonly deadLetterRetention?: Duration;
}

export class QueueWithDlq extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      queueName: `${props.queueName}-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetention ?? Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout ?? Duration.minutes(3),
      retentionPeriod: props.retentionPeriod ?? Duration.hours(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 3 },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
