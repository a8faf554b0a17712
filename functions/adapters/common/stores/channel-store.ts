/**
 * The ChannelStore port's rules, once for every backend:
 * - a channel is stored as its JSON (`body`) and read back from it unchanged;
 * - create on an existing name is ConflictError, replace of a missing name NotFoundError;
 * - `all` is in name order (code point order, whatever the backend sorts by).
 *
 * A backend only moves bytes: it makes `insertIfAbsent` and `replaceIfPresent` atomic
 * and answers false when the condition did not hold.
 */
import type { Channel } from '../../../core/channel.ts';
import { ConflictError, NotFoundError } from '../../../core/errors.ts';
import type { ChannelStore } from '../../../ports/channel-store.ts';

export interface ChannelRow {
  readonly name: string;
  /** The channel as JSON. */
  readonly body: string;
}

export interface ChannelBackend {
  readBody(name: string): Promise<string | null>;
  allBodies(): Promise<readonly string[]>;
  /** false when the name exists (nothing written). */
  insertIfAbsent(row: ChannelRow): Promise<boolean>;
  /** false when the name does not exist (nothing written). */
  replaceIfPresent(row: ChannelRow): Promise<boolean>;
  /** false when there was nothing to delete. */
  delete(name: string): Promise<boolean>;
}

const rowOf = (channel: Channel): ChannelRow => ({ name: channel.name, body: JSON.stringify(channel) });
const parse = (body: string): Channel => JSON.parse(body) as Channel;
const byName = (a: Channel, b: Channel): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function createChannelStore(backend: ChannelBackend): ChannelStore {
  return {
    get: async (name) => {
      const body = await backend.readBody(name);
      return body === null ? null : parse(body);
    },
    all: async () => (await backend.allBodies()).map(parse).sort(byName),
    create: async (channel) => {
      if (!(await backend.insertIfAbsent(rowOf(channel)))) throw new ConflictError(`a channel named '${channel.name}' exists already`);
    },
    replace: async (channel) => {
      if (!(await backend.replaceIfPresent(rowOf(channel)))) throw new NotFoundError(`channel ${channel.name} does not exist`);
    },
    delete: (name) => backend.delete(name),
  };
}
