/** Keys of every item, as laid out in table-design.ts. One place builds them. */
import { ValidationError } from '../../../core/errors.ts';
import type { TimeWindow } from '../../common/stores/checks.ts';
import { LEDGER_KEY_PREFIX, MONITOR_KEY_PREFIX, ROLLUP_KEY_PREFIX } from '../table-design.ts';

/** Numbers in sort keys: 16 digits (every safe integer), so that string order is numeric order. */
export function pad(n: number, path: string): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError([{ path, message: 'must be a non-negative integer' }]);
  return String(n).padStart(16, '0');
}

/**
 * The part of a key condition that keeps sort keys `<ms>#<id>` with ms in the window
 * (whole ms, see TimeWindow). `$` sorts right after `#`, so `<ms>$` is above every key
 * at `ms` and below every key after it. The window is not empty (the base reads
 * nothing for an empty one).
 */
export function timeRange({ from, below }: TimeWindow): { condition: string; values: Record<string, string> } {
  if (from !== null && below !== null) {
    return { condition: '#sk BETWEEN :from AND :to', values: { ':from': pad(from, 'since'), ':to': `${pad(below - 1, 'until')}$` } };
  }
  if (from !== null) return { condition: '#sk >= :from', values: { ':from': pad(from, 'since') } };
  if (below !== null) return { condition: '#sk < :below', values: { ':below': pad(below, 'until') } };
  return { condition: '', values: {} };
}

export const keys = {
  monitor: (id: string) => ({ pk: `${MONITOR_KEY_PREFIX}${id}`, sk: 'MONITOR' }),
  state: (monitorId: string) => ({ pk: `STATE#${monitorId}`, sk: 'STATE' }),
  incident: (id: string) => ({ pk: `INCIDENT#${id}`, sk: 'INCIDENT' }),
  alert: (alertId: string) => ({ pk: `ALERT#${alertId}`, sk: 'ALERT' }),
  channel: (name: string) => ({ pk: `CHANNEL#${name}`, sk: 'CHANNEL' }),
  delivery: (incidentId: string | null, monitorId: string, id: string) => ({ pk: deliveryPartition(incidentId, monitorId), sk: id }),
  ledgerEntry: (seq: number) => ({ pk: LEDGER_KEY_PREFIX, sk: pad(seq, 'seq') }),
  ledgerKey: (key: string) => ({ pk: `${LEDGER_KEY_PREFIX}#KEY#${key}`, sk: 'KEY' }),
  ledgerEvidence: (sha256: string) => ({ pk: `${LEDGER_KEY_PREFIX}#EVIDENCE#${sha256}`, sk: 'EVIDENCE' }),
  ledgerTree: (leaf: number) => ({ pk: LEDGER_TREE_PARTITION, sk: pad(leaf, 'leaf') }),
  ledgerCheckpoint: (size: number) => ({ pk: LEDGER_CHECKPOINT_PARTITION, sk: pad(size, 'size') }),
  ledgerOrigin: () => ({ pk: `${LEDGER_KEY_PREFIX}#ORIGIN`, sk: 'ORIGIN' }),
  ledgerCosignature: (size: number, witness: string) => ({ pk: LEDGER_COSIGNATURE_PARTITION, sk: `${pad(size, 'size')}#${witness}` }),
  result: (monitorId: string, startedMs: number, id: string) => ({ pk: resultPartition(monitorId), sk: `${pad(startedMs, 'startedAt')}#${id}` }),
  rollup: (monitorId: string, hour: number) => ({ pk: rollupPartition(monitorId), sk: pad(hour, 'hour') }),
  anomaly: (monitorId: string, atMs: number, id: string) => ({ pk: anomalyPartition(monitorId), sk: `${pad(atMs, 'at')}#${id}` }),
  document: (collection: string, id: string) => ({ pk: `DOC#${collection}#${id}`, sk: 'DOC' }),
};

/** An incident's deliveries share a partition (the delivery log reads it whole); those of no incident (certificate warnings), their monitor's. */
export const deliveryPartition = (incidentId: string | null, monitorId: string): string =>
  incidentId === null ? `DELIVERIES#MONITOR#${monitorId}` : `DELIVERIES#INCIDENT#${incidentId}`;
/** The transparency log's tree records (one per leaf) and checkpoints (one per size), each a partition in order. */
export const LEDGER_TREE_PARTITION = `${LEDGER_KEY_PREFIX}#TREE`;
export const LEDGER_CHECKPOINT_PARTITION = `${LEDGER_KEY_PREFIX}#CHECKPOINT`;
/** Witness cosignatures: sort key `<size>#<witness>`. */
export const LEDGER_COSIGNATURE_PARTITION = `${LEDGER_KEY_PREFIX}#COSIG`;

export const RESULT_PREFIX = 'RESULT#';
export const resultPartition = (monitorId: string): string => `${RESULT_PREFIX}${monitorId}`;
export const rollupPartition = (monitorId: string): string => `${ROLLUP_KEY_PREFIX}#${monitorId}`;
export const anomalyPartition = (monitorId: string): string => `ANOMALY#${monitorId}`;

/** Partition values of the sparse indexes. */
export const collections = { monitors: 'MONITOR', incidents: 'INCIDENT', channels: 'CHANNEL', documents: (collection: string) => `DOC#${collection}` } as const;
export const monitorOwned = (monitorId: string): string => `MONITOR#${monitorId}`;
/** `<ms>#<id>`: the index sort key of an item listed in time order. */
export const timeOrder = (ms: number, id: string, path: string): string => `${pad(ms, path)}#${id}`;
