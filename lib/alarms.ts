/**
 * CloudWatch alarms for one region: a function that errors, a dead-letter queue that
 * holds anything. With `alarmEmail` they notify an SNS topic (one per region: an alarm
 * can only act on a topic in its own region) that mails that address.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface RegionAlarmsProps {
  /** Who hears about alarms. @default no topic: alarms show in the console only */
  readonly alarmEmail?: string;
}

export class RegionAlarms extends Construct {
  /** The topic alarms notify, when `alarmEmail` is set. */
  readonly topic: sns.Topic | undefined;

  constructor(scope: Construct, id: string, props: RegionAlarmsProps = {}) {
    super(scope, id);
    if (props.alarmEmail !== undefined) {
      this.topic = new sns.Topic(this, 'Topic', { displayName: 'CrossCheck alarms', enforceSSL: true });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
  }

  /** Any error in a 5-minute window. */
  onFunctionErrors(fn: lambda.IFunction, name: string): cloudwatch.Alarm {
    return this.add(
      new cloudwatch.Alarm(this, `${name}Errors`, {
        alarmDescription: `CrossCheck ${name}: the function reported errors`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** A dead-letter queue holding any message: something failed maxReceiveCount times. */
  onDeadLetters(queue: sqs.IQueue, name: string): cloudwatch.Alarm {
    return this.add(
      new cloudwatch.Alarm(this, `${name}DeadLetters`, {
        alarmDescription: `CrossCheck ${name}: messages in the dead-letter queue`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private add(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    if (this.topic) {
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      alarm.addOkAction(new actions.SnsAction(this.topic));
    }
    return alarm;
  }
}
