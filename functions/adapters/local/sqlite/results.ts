/**
 * ResultStore over SQLite: raw results (kept for the retention period), hourly rollups
 * (counters added in place, histogram merged in the same transaction) and anomalies.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Anomaly } from '../../../core/incident.ts';
import type { Rollup, RollupDelta } from '../../../core/rollup.ts';
import type { ResultQuery, ResultStore, StoredResult } from '../../../ports/result-store.ts';
import { transaction } from './database.ts';
import { step } from './errors.ts';
import { checkLimit, decodeCursor, epochMs, toPage } from '../../common/paging.ts';

interface TimedRow {
  id: string;
  ms: number;
  body: string;
}

interface RollupRow {
  monitor_id: string;
  hour: number;
  region: string;
  checks: number;
  failures: number;
  anomalies: number;
  latency_sum_ms: number;
  histogram: string;
}

/** Rows deleted per statement by the retention sweep, so that no single write holds the lock for long. */
const DELETE_BATCH = 5000;

function mergeHistogram(stored: string | undefined, delta: RollupDelta['histogram']): string {
  const merged: Record<string, number> = stored ? (JSON.parse(stored) as Record<string, number>) : {};
  for (const [bucket, count] of Object.entries(delta)) merged[bucket] = (merged[bucket] ?? 0) + count;
  return JSON.stringify(merged);
}

function toRollup(row: RollupRow): Rollup {
  const histogram: Record<number, number> = {};
  for (const [bucket, count] of Object.entries(JSON.parse(row.histogram) as Record<string, number>)) histogram[Number(bucket)] = count;
  return {
    monitorId: row.monitor_id,
    region: row.region,
    hour: row.hour,
    checks: row.checks,
    failures: row.failures,
    anomalies: row.anomalies,
    latencySumMs: row.latency_sum_ms,
    histogram,
  };
}

/** Newest-first listing over (monitor, time, id) with the optional filters of ResultQuery. */
function timedListing(table: 'results' | 'anomalies', timeColumn: 'started_ms' | 'at_ms') {
  return `
    SELECT id, ${timeColumn} AS ms, body FROM ${table}
    WHERE monitor_id = :monitorId
      AND (:region IS NULL OR region = :region)
      AND (:since IS NULL OR ${timeColumn} >= :since)
      AND (:until IS NULL OR ${timeColumn} < :until)
      AND (:t IS NULL OR ${timeColumn} < :t OR (${timeColumn} = :t AND id < :cid))
    ORDER BY ${timeColumn} DESC, id DESC
    LIMIT :limit`;
}

export function createSqliteResultStore(db: DatabaseSync): ResultStore {
  const insertResult = db.prepare(
    'INSERT INTO results (id, monitor_id, region, started_ms, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  );
  const listResults = db.prepare(timedListing('results', 'started_ms'));
  const selectHistogram = db.prepare('SELECT histogram FROM rollups WHERE monitor_id = ? AND hour = ? AND region = ?');
  const upsertRollup = db.prepare(`
    INSERT INTO rollups (monitor_id, hour, region, checks, failures, anomalies, latency_sum_ms, histogram)
    VALUES (:monitorId, :hour, :region, :checks, :failures, :anomalies, :latencySumMs, :histogram)
    ON CONFLICT (monitor_id, hour, region) DO UPDATE SET
      checks = checks + excluded.checks,
      failures = failures + excluded.failures,
      anomalies = anomalies + excluded.anomalies,
      latency_sum_ms = latency_sum_ms + excluded.latency_sum_ms,
      histogram = excluded.histogram`);
  const listRollups = db.prepare(
    'SELECT * FROM rollups WHERE monitor_id = ? AND hour >= ? AND hour < ? ORDER BY hour, region',
  );
  const insertAnomaly = db.prepare(
    'INSERT INTO anomalies (id, monitor_id, region, at_ms, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  );
  const listAnomalies = db.prepare(timedListing('anomalies', 'at_ms'));
  const deleteBatch = db.prepare(
    `DELETE FROM results WHERE rowid IN (SELECT rowid FROM results WHERE started_ms < ? LIMIT ${DELETE_BATCH})`,
  );

  const listing = <T>(statement: typeof listResults, monitorId: string, query: ResultQuery) => {
    const limit = checkLimit(query.limit);
    const after = decodeCursor(query.cursor);
    const rows = statement.all({
      monitorId,
      region: query.region ?? null,
      since: query.since ?? null,
      until: query.until ?? null,
      t: after?.t ?? null,
      cid: after?.id ?? null,
      limit: limit + 1,
    }) as unknown as TimedRow[];
    return toPage(rows, limit, (row) => JSON.parse(row.body) as T, (row) => ({ t: row.ms, id: row.id }));
  };

  return {
    putResult: (result) =>
      step(`result ${result.id}`, () => {
        insertResult.run(result.id, result.monitorId, result.region, epochMs(result.startedAt, 'startedAt'), JSON.stringify(result));
      }),
    listResults: (monitorId, query) => step('results', () => listing<StoredResult>(listResults, monitorId, query)),
    addToRollup: (key, delta) =>
      step('rollup', () => {
        transaction(db, () => {
          const stored = selectHistogram.get(key.monitorId, key.hour, key.region) as { histogram: string } | undefined;
          upsertRollup.run({
            monitorId: key.monitorId,
            hour: key.hour,
            region: key.region,
            checks: delta.checks,
            failures: delta.failures,
            anomalies: delta.anomalies,
            latencySumMs: delta.latencySumMs,
            histogram: mergeHistogram(stored?.histogram, delta.histogram),
          });
        });
      }),
    listRollups: (monitorId, fromHour, toHour) =>
      step('rollups', () => (listRollups.all(monitorId, fromHour, toHour) as unknown as RollupRow[]).map(toRollup)),
    putAnomaly: (anomaly) =>
      step(`anomaly ${anomaly.id}`, () => {
        insertAnomaly.run(anomaly.id, anomaly.monitorId, anomaly.primary.region, epochMs(anomaly.at, 'at'), JSON.stringify(anomaly));
      }),
    listAnomalies: (monitorId, query) => step('anomalies', () => listing<Anomaly>(listAnomalies, monitorId, query)),
    deleteResultsBefore: (before) =>
      step('retention', () => {
        let deleted = 0;
        for (;;) {
          const { changes } = deleteBatch.run(before);
          deleted += Number(changes);
          if (Number(changes) < DELETE_BATCH) return deleted;
        }
      }),
  };
}
