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
  ledgerEntry: (seq: number) => ({ pk: LEDGER_KEY_PREFIX, sk: pad(seq, 'seq') }),
  ledgerKey: (key: string) => ({ pk: `${LEDGER_KEY_PREFIX}#KEY#${key}`, sk: 'KEY' }),
  ledgerEvidence: (sha256: string) => ({ pk: `${LEDGER_KEY_PREFIX}#EVIDENCE#${sha256}`, sk: 'EVIDENCE' }),
  result: (monitorId: string, startedMs: number, id: string) => ({ pk: resultPartition(monitorId), sk: `${pad(startedMs, 'startedAt')}#${id}` }),
  rollup: (monitorId: string, hour: number) => ({ pk: rollupPartition(monitorId), sk: pad(hour, 'hour') }),
  anomaly: (monitorId: string, atMs: number, id: string) => ({ pk: anomalyPartition(monitorId), sk: `${pad(atMs, 'at')}#${id}` }),
  document: (collection: string, id: string) => ({ pk: `DOC#${collection}#${id}`, sk: 'DOC' }),
};

export const RESULT_PREFIX = 'RESULT#';
export const resultPartition = (monitorId: string): string => `${RESULT_PREFIX}${monitorId}`;
export const rollupPartition = (monitorId: string): string => `${ROLLUP_KEY_PREFIX}#${monitorId}`;
export const anomalyPartition = (monitorId: string): string => `ANOMALY#${monitorId}`;

/** Partition values of the sparse indexes. */
export const collections = { monitors: 'MONITOR', incidents: 'INCIDENT', documents: (collection: string) => `DOC#${collection}` } as const;
export const monitorOwned = (monitorId: string): string => `MONITOR#${monitorId}`;
/** `<ms>#<id>`: the index sort key of an item listed in time order. */
export const timeOrder = (ms: number, id: string, path: string): string => `${pad(ms, path)}#${id}`;
