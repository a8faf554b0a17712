/**
 * The agent's side of the agent routes: outbound HTTP(S) only. Every answer is sorted into
 * what the agent does next: go on, retry later (the hub or the network is down, or busy),
 * give the item up (the hub refused it for good), or stop (the token was refused).
 */
import type { AgentJob } from '../../core/agents/agent-job.ts';

export type HubAnswer<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string }
  | { readonly kind: 'unauthorized'; readonly reason: string };

export type AgentJobOnWire = Omit<AgentJob, 'verification'>;

export interface HubClient {
  registerKey(jwk: object, version: string): Promise<HubAnswer<unknown>>;
  pullJobs(waitSeconds: number, max: number, version: string, signal: AbortSignal): Promise<HubAnswer<readonly AgentJobOnWire[]>>;
  postResult(jws: string): Promise<HubAnswer<unknown>>;
}

export function createHubClient(hub: string, token: string, fetchFn: typeof fetch = fetch): HubClient {
  const base = new URL(hub.endsWith('/') ? hub : `${hub}/`);
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };

  async function call<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<HubAnswer<T>> {
    let response: Response;
    try {
      response = await fetchFn(new URL(path, base), {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      const cause = (error as Error).cause as { code?: string } | undefined;
      return { kind: 'retry', reason: `cannot reach the hub at ${base.origin} (${cause?.code ?? (error as Error).name})` };
    }
    const text = await response.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (response.ok) return { kind: 'ok', value: json as T };
    const detail = (json as { detail?: string } | null)?.detail ?? `HTTP ${response.status}`;
    const errors = (json as { errors?: { path: string; message: string }[] } | null)?.errors ?? [];
    const reason = [detail, ...errors.map((e) => `${e.path}: ${e.message}`)].join('; ');
    if (response.status === 401) return { kind: 'unauthorized', reason };
    if (response.status === 429 || response.status >= 500) return { kind: 'retry', reason: `the hub answered ${response.status}: ${reason}` };
    return { kind: 'refused', status: response.status, reason };
  }

  return {
    registerKey: (jwk, version) => call('PUT', 'v1/agent/key', { jwk, version }),
    async pullJobs(waitSeconds, max, version, signal) {
      const query = new URLSearchParams({ wait: String(waitSeconds), max: String(max), version });
      const answer = await call<{ jobs: AgentJobOnWire[] }>('GET', `v1/agent/jobs?${query}`, undefined, signal);
      return answer.kind === 'ok' ? { kind: 'ok', value: answer.value.jobs } : answer;
    },
    postResult: (jws) => call('POST', 'v1/agent/results', { jws }),
  };
}
