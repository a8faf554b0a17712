/**
 * A `tcp` monitor: connect to `tcp://host:port`; optionally send `body` and read the
 * first answer. `[CONNECTED]`, `[RESPONSE_TIME]`, `[IP]` and `[BODY]` (what was read)
 * in conditions; `[CONNECTED] == false` says "this port must stay closed".
 */
import * as z from 'zod';
import { parseCondition } from '../conditions/index.ts';
import { endpointUrl } from './endpoint.ts';

export const TCP_SCHEMES = ['tcp'] as const;
export const TCP_DEFAULT_CONDITION = '[CONNECTED] == true';
export const DEFAULT_READ_BYTES = 1024;

export const TcpFields = {
  type: z.literal('tcp'),
  url: endpointUrl(TCP_SCHEMES).describe('tcp://host:port, as in Gatus.'),
  body: z
    .string()
    .max(4096)
    .optional()
    .describe('Sent once connected; the first answer is then read into [BODY]. Without it, [BODY] is what the server says first (a banner), read only when a condition uses [BODY].'),
  readBytes: z
    .number()
    .int()
    .min(1)
    .max(65_536)
    .default(DEFAULT_READ_BYTES)
    .describe('At most this many bytes of the first answer are read (Gatus reads 1024).'),
};

/** Whether a condition reads `[BODY]`: then a tcp check reads the server's first answer even when it sends nothing. */
export function readsBody(conditions: readonly string[]): boolean {
  return conditions.some((text) => {
    try {
      const { left, right } = parseCondition(text);
      return [left, right].some((side) => 'ref' in side && side.ref.name === 'BODY');
    } catch {
      return false;
    }
  });
}
