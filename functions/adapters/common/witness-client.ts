/**
 * The WitnessClient over fetch. Witness URLs are the operator's configuration (like the
 * KMS key), not user input: they are not put through the checks' address policy, and a
 * witness on loopback (a customer's own, in tests) is fine.
 */
import type { WitnessClient } from '../../ports/witness-client.ts';

export function createFetchWitnessClient(options: { timeoutMs?: number; fetch?: typeof fetch } = {}): WitnessClient {
  const fetchFn = options.fetch ?? fetch;
  return {
    async addCheckpoint(url, body) {
      const response = await fetchFn(`${url.replace(/\/+$/, '')}/add-checkpoint`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      return { status: response.status, body: await response.text() };
    },
  };
}
