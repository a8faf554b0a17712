/**
 * Rollups written behind, in bulk: a ResultStore decorator for the checker and the
 * verifier. Every check still adds its delta to its monitor's hour, but in memory:
 * `addToRollup` merges the delta into the invocation's tally (by monitor, region and
 * hour), and `flush`, called by the handler once the batch is done, hands the merged
 * deltas to a sender as one message (the home region's rollups queue). The aggregator
 * applies them later with one `UpdateItem ADD` per monitor and hour (every region of it)
 * for many invocations at once, instead of one replicated write per check.
 *
 * Everything else (raw results, anomalies, listings) goes straight to the wrapped store.
 * Counters stay at-least-once: a delta flushed for a message that failed is counted
 * again when the message comes back.
 */
import type { RollupSender } from '../../ports/rollup-queue.ts';
import type { Rollup } from '../../core/rollup.ts';
import { createRollupTally } from '../../core/rollup-tally.ts';
import type { ResultStore } from '../../ports/result-store.ts';

export interface BufferedResultStore extends ResultStore {
  /** Rollups (monitor, region, hour) waiting for the next flush. */
  pending(): number;
  /**
   * Sends what was added since the last flush and starts over, even when sending fails
   * (the caller then fails the batch, whose messages come back and add their deltas
   * again). Returns how many rollups were sent; sends nothing when there are none.
   */
  flush(): Promise<number>;
}

export function withRollupBuffer(results: ResultStore, sender: RollupSender): BufferedResultStore {
  const tally = createRollupTally();
  return {
    putResult: (result) => results.putResult(result),
    listResults: (monitorId, query) => results.listResults(monitorId, query),
    addToRollup: async (key, delta) => {
      tally.add(key, delta);
    },
    listRollups: (monitorId, fromHour, toHour) => results.listRollups(monitorId, fromHour, toHour),
    putAnomaly: (anomaly) => results.putAnomaly(anomaly),
    listAnomalies: (monitorId, query) => results.listAnomalies(monitorId, query),
    deleteResultsBefore: (before) => results.deleteResultsBefore(before),
    pending: () => tally.size,
    async flush() {
      if (tally.size === 0) return 0;
      const rollups = tally.entries();
      tally.clear();
      await sender.send(rollups);
      return rollups.length;
    },
  };
}
