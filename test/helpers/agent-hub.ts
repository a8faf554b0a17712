/** The API harness with the agent hub plugged in (real SQLite stores, the mailbox, the real services), and an agent's key. */
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { AgentMailbox } from '../../functions/adapters/local/index.ts';
import { AGENT_RESULT_TYP } from '../../functions/core/agents/agent-job.ts';
import type { CheckResult } from '../../functions/core/check-result.ts';
import type { CheckRunner, Notifier } from '../../functions/ports/index.ts';
import { agentAwareJobQueue, agentAwareVerifyQueue } from '../../functions/services/agent-routing.ts';
import type { AgentResultDeps } from '../../functions/services/agent-results.ts';
import { REGIONS, openApiHarness, type ApiHarness } from '../component/api-harness.ts';

export interface AgentKey {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK & { kid: string };
}

export async function agentKey(): Promise<AgentKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk: { ...jwk, kid: await calculateJwkThumbprint(jwk) } };
}

export interface SignedPayload {
  readonly jobId: string;
  readonly monitorId: string;
  readonly location: string;
  readonly kind: 'check' | 'verification';
  readonly result: CheckResult;
  readonly iat?: number;
}

export async function signResult(key: AgentKey, payload: SignedPayload, header: Record<string, unknown> = {}): Promise<string> {
  const body = { iat: Math.floor(Date.now() / 1000), ...payload };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(body)))
    .setProtectedHeader({ alg: 'ES256', kid: key.jwk.kid, typ: AGENT_RESULT_TYP, ...header })
    .sign(key.privateKey);
}

export interface AgentHubHarness extends ApiHarness {
  readonly mailbox: AgentMailbox;
  readonly hub: AgentResultDeps;
  readonly alerts: unknown[];
}

/** The API harness plus the hub: jobs for agent locations go to the mailbox; the regions' own checks run `regionRunner`. */
export async function openAgentHub(regionRunner: CheckRunner): Promise<AgentHubHarness> {
  const mailbox = new AgentMailbox();
  const alerts: unknown[] = [];
  let hub: AgentResultDeps | undefined;
  const api = await openApiHarness({
    override: (deps, stores) => {
      const notifier: Notifier = { send: async (alert) => void alerts.push(alert) };
      const routing = { agents: stores.agents, agentJobs: mailbox, clock: deps.clock, regions: REGIONS };
      const dropped = { send: async () => undefined };
      hub = {
        monitors: deps.monitors,
        results: deps.results,
        states: deps.states,
        incidents: deps.incidents,
        alertLog: stores.alertLog,
        ledgerWriter: deps.ledgerWriter,
        jobs: agentAwareJobQueue(dropped, routing),
        verify: agentAwareVerifyQueue({ send: async () => undefined }, routing),
        notifier,
        checkRunner: regionRunner,
        clock: deps.clock,
        ids: deps.ids,
        regions: REGIONS,
        agents: routing.agents,
        agentJobs: mailbox,
      };
      return { agentHub: hub };
    },
  });
  return { ...api, mailbox, hub: hub!, alerts };
}

