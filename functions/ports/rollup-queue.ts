/**
 * Rollups written behind: probe-side code hands merged deltas to a sender (the rollups
 * queue); the aggregator reads them back and writes each monitor's hour once.
 */
import type { Rollup } from '../core/rollup.ts';

/** Where merged deltas go (the rollups queue). Throws when they could not be handed over. */
export interface RollupSender {
  send(rollups: readonly Rollup[]): Promise<void>;
}

export interface QueuedMessage {
  readonly id: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** How many times it was received, this time included. */
  readonly receiveCount: number;
}

export interface RollupQueueReader {
  /** Up to ten messages (fewer, or none, when the queue has fewer). */
  receive(): Promise<readonly QueuedMessage[]>;
  /** Deletes applied messages. Throws naming how many could not be deleted (they come back and are counted again). */
  delete(messages: readonly QueuedMessage[]): Promise<void>;
}

export interface RollupWriter {
  /** Rollups of one monitor's hour, any regions: one write. */
  add(rollups: readonly Rollup[]): Promise<void>;
}
