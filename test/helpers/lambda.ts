/**
 * Running Lambda handlers in a test process as Lambda would: an environment like the
 * CDK app sets, a context object, SQS events, and the Powertools output (logs and EMF
 * metrics) captured instead of printed.
 */
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { vi } from 'vitest';

/** What the CDK app sets on every function, plus Powertools' dev mode so its output goes through `console`. */
export const BASE_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  POWERTOOLS_SERVICE_NAME: 'crosscheck-test',
  POWERTOOLS_METRICS_NAMESPACE: 'CrossCheck',
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_LOG_LEVEL: 'INFO',
};

export function stubEnv(values: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries({ ...BASE_ENV, ...values })) vi.stubEnv(name, value);
}

/** Where the probe Lambdas send their rollups: the home region's rollups queue. */
export const ROLLUPS_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/crosscheck-rollups';

/**
 * The environment of a probe Lambda (checker or verifier): home eu-west-1, two regions,
 * alerts by mail, loopback targets allowed. `values` add to it or replace parts of it.
 */
export function probeLambdaEnv(values: Readonly<Record<string, string>>): Record<string, string> {
  return {
    CROSSCHECK_TABLE: 'crosscheck',
    CROSSCHECK_HOME_REGION: 'eu-west-1',
    CROSSCHECK_REGIONS: 'eu-west-1,us-east-1',
    CROSSCHECK_ROLLUP_QUEUE_URL: ROLLUPS_URL,
    CROSSCHECK_RECORDER_FUNCTION: 'crosscheck-recorder',
    CROSSCHECK_ALERT_FROM: 'alerts@example.org',
    CROSSCHECK_CHANNEL_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/channels',
    CROSSCHECK_ALERT_TO: 'ops@example.org',
    CROSSCHECK_ALLOWED_PRIVATE_RANGES: '127.0.0.1/32',
    ...values,
  };
}

export function lambdaContext(functionName = 'crosscheck-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'request-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function sqsRecord(messageId: string, body: string, queue = 'crosscheck-eu-west-1-checks'): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1763720000000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1763720000000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${queue}`,
    awsRegion: 'eu-west-1',
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

export interface CapturedOutput {
  /** Every JSON line printed (structured logs and EMF documents). */
  readonly lines: Record<string, unknown>[];
  /** Metric name -> summed value over every EMF document. */
  metrics(): Record<string, number>;
  /** Structured log entries whose message is `message`. */
  logs(message: string): Record<string, unknown>[];
  restore(): void;
}

/** Captures what Powertools prints in dev mode (through the global console). */
export function captureOutput(): CapturedOutput {
  const lines: Record<string, unknown>[] = [];
  const collect = (...args: unknown[]) => {
    for (const arg of args) {
      if (typeof arg !== 'string') continue;
      try {
        lines.push(JSON.parse(arg) as Record<string, unknown>);
      } catch {
        // not a structured line
      }
    }
  };
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method).mockImplementation(collect));
  return {
    lines,
    metrics() {
      const totals: Record<string, number> = {};
      for (const line of lines) {
        const aws = line['_aws'] as { CloudWatchMetrics?: { Metrics: { Name: string }[] }[] } | undefined;
        for (const group of aws?.CloudWatchMetrics ?? []) {
          for (const { Name } of group.Metrics) {
            const value = line[Name];
            const sum = Array.isArray(value) ? value.reduce((a: number, b: number) => a + b, 0) : Number(value);
            totals[Name] = (totals[Name] ?? 0) + sum;
          }
        }
      }
      return totals;
    },
    logs: (message) => lines.filter((line) => line['message'] === message),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
