/**
 * A ChannelStore whose stored secrets are sealed: each secret field of a channel
 * (core/channel.ts SECRET_FIELDS) is written as `sealed:v1:<ciphertext>`, bound to the
 * channel's name and the field (a sealed value copied to another channel or field does
 * not open), and opened on read. Values written before sealing (no prefix) are read as
 * they are and sealed at the next write. Everything else passes through unchanged.
 */
import { SECRET_FIELDS, type Channel } from '../../../core/channel.ts';
import type { ChannelStore } from '../../../ports/channel-store.ts';
import type { SecretCipher } from '../../../ports/secret-cipher.ts';

export const SEALED_PREFIX = 'sealed:v1:';

const contextOf = (channel: string, field: string) => ({ purpose: 'crosscheck-channel-secret', channel, field });

async function mapSecrets(channel: Channel, fn: (value: string, field: string) => Promise<string>): Promise<Channel> {
  const out: Record<string, unknown> = { ...channel };
  for (const field of SECRET_FIELDS[channel.type]) {
    const value = out[field];
    if (typeof value === 'string') out[field] = await fn(value, field);
  }
  return out as Channel;
}

export function sealedChannelStore(store: ChannelStore, cipher: SecretCipher): ChannelStore {
  const seal = (channel: Channel) =>
    mapSecrets(channel, (value, field) => (value.startsWith(SEALED_PREFIX) ? Promise.resolve(value) : cipher.seal(value, contextOf(channel.name, field)).then((s) => `${SEALED_PREFIX}${s}`)));
  const open = (channel: Channel) =>
    mapSecrets(channel, (value, field) => (value.startsWith(SEALED_PREFIX) ? cipher.open(value.slice(SEALED_PREFIX.length), contextOf(channel.name, field)) : Promise.resolve(value)));
  return {
    get: async (name) => {
      const channel = await store.get(name);
      return channel === null ? null : open(channel);
    },
    all: async () => Promise.all((await store.all()).map(open)),
    create: async (channel) => store.create(await seal(channel)),
    replace: async (channel) => store.replace(await seal(channel)),
    delete: (name) => store.delete(name),
  };
}
