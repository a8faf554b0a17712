/**
 * The cost of alert channel deliveries in AWS, per 1,000, from the same price table as
 * the month model. Each delivery: one claim (conditional PutItem, 1 WRU) and one outcome
 * (PutItem, 1 WRU) in the home region, replicated to every other region of the global
 * table; one read of the channel (1 RRU, strongly consistent) and of the monitor; at most
 * one KMS Decrypt of the channel's secret (a container keeps opened secrets, so this is
 * the worst case); the sending function's time waiting on the provider (Lambda GB-s; the
 * invocation itself is the one that handled the transition, so no extra request). SES
 * e-mails are priced apart (PRICES.sesEmail). Plus, once a month, the channel key.
 */
import { PRICES } from './prices.ts';

export interface DeliveryAssumptions {
  /** Regions of the global table (each write is replicated to the others). @default 2 */
  readonly regions?: number;
  /** Time a function waits on a provider per delivery, ms. @default 300 */
  readonly providerMs?: number;
  /** Memory of the sending function, MB. @default 512 */
  readonly memoryMb?: number;
}

const per = (price: { usd: number; per: number }, amount: number): number => (price.usd * amount) / price.per;

export function deliveryCost(deliveries: number, assumptions: DeliveryAssumptions = {}): { readonly usd: number; readonly lines: Readonly<Record<string, number>>; readonly keyMonthUsd: number } {
  const regions = assumptions.regions ?? 2;
  const gbSeconds = (deliveries * (assumptions.providerMs ?? 300)) / 1000 * ((assumptions.memoryMb ?? 512) / 1024);
  const lines = {
    'DynamoDB writes (claim + outcome)': per(PRICES.dynamoWrite, 2 * deliveries),
    'DynamoDB replicated writes': per(PRICES.dynamoReplicatedWrite, 2 * deliveries * (regions - 1)),
    'DynamoDB reads (channel, monitor, delivery log)': per(PRICES.dynamoRead, 3 * deliveries),
    'KMS Decrypt (worst case, one per delivery)': per(PRICES.kmsSymmetric, deliveries),
    'Lambda time waiting on the provider': per(PRICES.lambdaArmGbSecond, gbSeconds),
  };
  return { usd: Object.values(lines).reduce((a, b) => a + b, 0), lines, keyMonthUsd: PRICES.kmsKey.usd };
}
