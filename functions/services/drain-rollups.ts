/**
 * Applying the rollups queue: read what is there (up to a limit), merge every message's
 * deltas by monitor, region and hour, write each monitor's hour (every region of it) with
 * one write, then delete the messages whose deltas are all in. A message whose body does
 * not parse, or that shares an hour whose write failed, stays: it comes back after the
 * queue's visibility timeout, and after its redrive count it rests in the dead-letter
 * queue. (A message kept because one of its hours failed adds its other hours again when
 * it comes back: counters are at-least-once.)
 */
import { ValidationError } from '../core/errors.ts';
import { parseMessageBody, RollupBatchSchema } from '../core/messages.ts';
import { createRollupTally, deltaOf, rollupKeyId } from '../core/rollup-tally.ts';
import type { Rollup } from '../core/rollup.ts';
import type { ResultStore } from '../ports/result-store.ts';
import type { QueuedMessage, RollupQueueReader, RollupWriter } from '../ports/rollup-queue.ts';


/** A writer over any ResultStore: one add per region (for stores that keep regions apart). */
export function rollupWriterOf(results: Pick<ResultStore, 'addToRollup'>): RollupWriter {
  return {
    async add(rollups) {
      for (const rollup of rollups) await results.addToRollup(rollup, deltaOf(rollup));
    },
  };
}

export interface DrainOptions {
  readonly reader: RollupQueueReader;
  /** Writes one monitor's hour, every region of it, at a time. */
  readonly writer: RollupWriter;
  /** Messages read per run at most (the rest waits for the next run). @default 10000 */
  readonly maxMessages?: number;
  /** Stop reading when this says so (the invocation's remaining time). @default never */
  readonly timeUp?: () => boolean;
  /** Writes in flight at once. @default 16 */
  readonly concurrency?: number;
  /** Told about each message that does not parse (it stays in the queue). */
  readonly onInvalid?: (message: QueuedMessage, error: unknown) => void;
}

export interface DrainReport {
  /** Messages read. */
  readonly messages: number;
  /** Messages that did not parse, left in the queue. */
  readonly invalid: number;
  /** Rollups (monitor, region, hour) written. */
  readonly written: number;
  /** Writes: one per monitor and hour. */
  readonly writes: number;
  /** Rollups whose write failed; their messages stay in the queue. */
  readonly failed: number;
  /** Messages applied and deleted. */
  readonly deleted: number;
  /** The first write error, if any. */
  readonly error: unknown;
}

export async function drainRollups(options: DrainOptions): Promise<DrainReport> {
  const maxMessages = options.maxMessages ?? 10_000;
  const timeUp = options.timeUp ?? (() => false);

  // Read. SQS may hand a message out twice: the same id counts once.
  const byId = new Map<string, QueuedMessage>();
  while (byId.size < maxMessages && !timeUp()) {
    const batch = await options.reader.receive();
    if (batch.length === 0) break;
    for (const message of batch) byId.set(message.id, message);
  }

  // Merge, remembering which messages each hour came from.
  const tally = createRollupTally();
  const sources = new Map<string, QueuedMessage[]>();
  const valid: QueuedMessage[] = [];
  let invalid = 0;
  for (const message of byId.values()) {
    let rollups: readonly Rollup[];
    try {
      rollups = parseMessageBody(RollupBatchSchema, message.body, 'rollups').rollups;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      invalid += 1;
      options.onInvalid?.(message, error);
      continue;
    }
    valid.push(message);
    for (const rollup of rollups) {
      tally.add(rollup, deltaOf(rollup));
      const id = rollupKeyId(rollup);
      const from = sources.get(id) ?? [];
      from.push(message);
      sources.set(id, from);
    }
  }

  // Write each monitor's hour once, all its regions together.
  const groups = new Map<string, Rollup[]>();
  for (const rollup of tally.entries()) {
    const id = JSON.stringify([rollup.monitorId, rollup.hour]);
    groups.set(id, [...(groups.get(id) ?? []), rollup]);
  }
  const writes = [...groups.values()];
  const failedMessages = new Set<QueuedMessage>();
  let failed = 0;
  let error: unknown = null;
  let next = 0;
  const worker = async () => {
    while (next < writes.length) {
      const group = writes[next++]!;
      try {
        await options.writer.add(group);
      } catch (cause) {
        failed += group.length;
        error ??= cause;
        for (const rollup of group) for (const message of sources.get(rollupKeyId(rollup)) ?? []) failedMessages.add(message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, writes.length) }, worker));

  // Acknowledge what is in.
  const done = valid.filter((message) => !failedMessages.has(message));
  if (done.length > 0) await options.reader.delete(done);
  return { messages: byId.size, invalid, written: tally.size - failed, writes: writes.length, failed, deleted: done.length, error };
}
