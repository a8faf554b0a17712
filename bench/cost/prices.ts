/**
 * The prices the cost model multiplies by, with their date and where they come from.
 *
 * Main source: the team's price note (/work/shared/notes/AWS-PRICES.md, "AWS prices and
 * limits for the cost model", collected 2026-11-21, us-east-1), whose status letters are
 * kept: P = read on an AWS page or in AWS documentation; U = from third-party copies
 * that agree with each other (AWS renders its pricing pages in the browser). The note
 * has nothing on CloudWatch alarms, custom metrics or CloudWatch's free tier; those come
 * from aws.amazon.com/cloudwatch/pricing (free tier, P) and third-party copies of its
 * price tables (U), marked as such.
 */

export const PRICES_DATE = '2026-11-21';
export const PRICES_SOURCE = `AWS-PRICES.md, collected ${PRICES_DATE}, us-east-1`;

export type PriceStatus = 'P' | 'U';

export interface Price {
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly status: PriceStatus;
  /** Where the figure comes from, when not from the price note. */
  readonly source?: string;
}

const CLOUDWATCH_PAGE = 'aws.amazon.com/cloudwatch/pricing (not in the note)';

export const PRICES = {
  lambdaRequests: { usd: 0.2, per: 1_000_000, unit: 'requests', status: 'U' },
  lambdaArmGbSecond: { usd: 0.0000133334, per: 1, unit: 'GB-s (arm64)', status: 'U' },
  sqsRequests: { usd: 0.4, per: 1_000_000, unit: 'requests (per 64 KB chunk)', status: 'U' },
  dynamoWrite: { usd: 0.625, per: 1_000_000, unit: 'WRU', status: 'U' },
  dynamoReplicatedWrite: { usd: 0.625, per: 1_000_000, unit: 'replicated WRU', status: 'U' },
  dynamoRead: { usd: 0.125, per: 1_000_000, unit: 'RRU', status: 'U' },
  dynamoStorage: { usd: 0.25, per: 1, unit: 'GB-month', status: 'P' },
  kmsKey: { usd: 1, per: 1, unit: 'key-month', status: 'P' },
  kmsSign: { usd: 0.15, per: 10_000, unit: 'Sign / GetPublicKey requests', status: 'U' },
  kmsSymmetric: { usd: 0.03, per: 10_000, unit: 'Encrypt / Decrypt requests (symmetric)', status: 'U' },
  sesEmail: { usd: 0.1, per: 1_000, unit: 'emails', status: 'U' },
  httpApi: { usd: 1, per: 1_000_000, unit: 'requests', status: 'U' },
  logsIngestion: { usd: 0.5, per: 1, unit: 'GB ingested', status: 'U' },
  interRegionTransfer: { usd: 0.02, per: 1, unit: 'GB between regions', status: 'U' },
  eventBridgeRule: { usd: 0, per: 1, unit: 'scheduled rule invocations', status: 'U' },
  cloudWatchAlarm: { usd: 0.1, per: 1, unit: 'standard alarm-month', status: 'U', source: CLOUDWATCH_PAGE },
  cloudWatchMetric: { usd: 0.3, per: 1, unit: 'custom metric-month (billed by the hour)', status: 'U', source: CLOUDWATCH_PAGE },
} as const satisfies Record<string, Price>;

/** The always-free allowances of a month (the 12-month offers are left out). */
export const FREE_TIER = {
  lambdaRequests: { amount: 1_000_000, status: 'U' },
  lambdaGbSeconds: { amount: 400_000, status: 'U' },
  sqsRequests: { amount: 1_000_000, status: 'U' },
  dynamoStorageGb: { amount: 25, status: 'P' },
  cloudWatchAlarms: { amount: 10, status: 'P', source: CLOUDWATCH_PAGE },
  cloudWatchMetrics: { amount: 10, status: 'P', source: CLOUDWATCH_PAGE },
  logsGb: { amount: 5, status: 'P', source: CLOUDWATCH_PAGE },
} as const;

/** Dollars for `quantity` units at `price`. */
export function cost(price: Price, quantity: number): number {
  return (price.usd * quantity) / price.per;
}
