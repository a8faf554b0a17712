/**
 * ResultStore over SQLite: raw results (kept for the retention period), hourly rollups
 * (counters added in place, histogram merged in the same transaction) and anomalies.
 * The rules live in ../../common/stores/result-store.ts; this file moves rows.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Rollup, RollupDelta } from '../../../core/rollup.ts';
import type { ResultStore } from '../../../ports/result-store.ts';
import type { Listing } from '../../common/paging.ts';
import { createResultStore, type ResultBackend, type TimedFilter } from '../../common/stores/result-store.ts';
import { transaction } from './database.ts';
import { step } from './errors.ts';
import { positioned, timePosition, type TimePosition } from './positions.ts';

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

/** Newest-first listing over (monitor, time, id) with the filters of a TimedFilter. */
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

export function sqliteResultBackend(db: DatabaseSync): ResultBackend<TimePosition> {
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

  const listing = (what: string, statement: typeof listResults, monitorId: string, { region, window }: TimedFilter): Listing<TimePosition> => ({
    position: timePosition,
    read: (after, take) =>
      step(what, () =>
        (
          statement.all({
            monitorId,
            region,
            since: window.from,
            until: window.below,
            t: after?.t ?? null,
            cid: after?.id ?? null,
            limit: take,
          }) as unknown as TimedRow[]
        ).map(positioned),
      ),
  });

  return {
    insertResultIfAbsent: ({ result, startedMs, body }) =>
      step(`result ${result.id}`, () => insertResult.run(result.id, result.monitorId, result.region, startedMs, body).changes > 0),
    results: (monitorId, filter) => listing('results', listResults, monitorId, filter),
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
    readRollups: (monitorId, { from, below }) =>
      step('rollups', () => (listRollups.all(monitorId, from, below) as unknown as RollupRow[]).map(toRollup)),
    insertAnomalyIfAbsent: ({ anomaly, atMs, body }) =>
      step(`anomaly ${anomaly.id}`, () => insertAnomaly.run(anomaly.id, anomaly.monitorId, anomaly.primary.region, atMs, body).changes > 0),
    anomalies: (monitorId, filter) => listing('anomalies', listAnomalies, monitorId, filter),
    deleteResultsBefore: (cutMs) =>
      step('retention', () => {
        let deleted = 0;
        for (;;) {
          const { changes } = deleteBatch.run(cutMs);
          deleted += Number(changes);
          if (Number(changes) < DELETE_BATCH) return deleted;
        }
      }),
  };
}

export function createSqliteResultStore(db: DatabaseSync): ResultStore {
  return createResultStore(sqliteResultBackend(db));
}
