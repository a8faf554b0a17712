import type { Channel } from '../core/channel.ts';

/** Alert channels by name. Few (tens): listed whole, in name order. */
export interface ChannelStore {
  get(name: string): Promise<Channel | null>;
  /** Every channel, in name order. */
  all(): Promise<readonly Channel[]>;
  /** ConflictError when the name exists. */
  create(channel: Channel): Promise<void>;
  /** NotFoundError when the name does not exist. */
  replace(channel: Channel): Promise<void>;
  /** false when there was nothing to delete. */
  delete(name: string): Promise<boolean>;
}
