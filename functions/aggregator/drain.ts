/**
 * Applying the rollups queue: read what is there (up to a limit), merge every message's
 * deltas by monitor, region and hour, add each merged delta to its hour with one write,
 * then delete the messages whose deltas are all in. A message whose body does not parse,
 * or that shares an hour whose write failed, stays: it comes back after the queue's
 * visibility timeout, and after its redrive count it rests in the dead-letter queue.
 * (A message kept because one of its hours failed adds its other hours again when it
 * comes back: counters are at-least-once.)
 */
import { ValidationError } from '../core/errors.ts';
import { parseMessageBody, RollupBatchSchema } from '../core/messages.ts';
import { createRollupTally, deltaOf, rollupKeyId } from '../core/rollup-tally.ts';
import type { Rollup } from '../core/rollup.ts';
import type { ResultStore } from '../ports/result-store.ts';
import type { QueuedMessage, RollupQueueReader } from '../adapters/aws/sqs/rollup-queue.ts';

export interface DrainOptions {
  readonly reader: RollupQueueReader;
  readonly results: Pick<ResultStore, 'addToRollup'>;
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
  /** Rollups (monitor, region, hour) written, each with one write. */
  readonly written: number;
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

  // Write each hour once.
  const entries = tally.entries();
  const failedMessages = new Set<QueuedMessage>();
  let failed = 0;
  let error: unknown = null;
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const rollup = entries[next++]!;
      try {
        await options.results.addToRollup(rollup, deltaOf(rollup));
      } catch (cause) {
        failed += 1;
        error ??= cause;
        for (const message of sources.get(rollupKeyId(rollup)) ?? []) failedMessages.add(message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, entries.length) }, worker));

  // Acknowledge what is in.
  const done = valid.filter((message) => !failedMessages.has(message));
  if (done.length > 0) await options.reader.delete(done);
  return { messages: byId.size, invalid, written: entries.length - failed, failed, deleted: done.length, error };
}
