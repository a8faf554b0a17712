/**
 * A `dns` check: one query to the monitor's resolver (resolved and vetted by the SSRF
 * guard and the private-range policy, as any target is) or to the system's first
 * resolver (the machine's own configuration, taken as it is: in AWS Lambda it is a
 * link-local address the guard would refuse for a monitor's target). Over UDP, asked
 * again over TCP when the answer comes back truncated; or over TCP.
 *
 * The rcode is the outcome, not a failure: NXDOMAIN is an answer, and the conditions
 * (`[DNS_RCODE] == NOERROR` by default) decide. A failure is a resolver that cannot be
 * reached (`connect`), does not answer in time (`timeout`), or answers with something
 * that is not a DNS message (`protocol`).
 */
import { getServers } from 'node:dns';
import { performance } from 'node:perf_hooks';
import type { DnsFacts, Observation } from '../core/check-result.ts';
import { DNS_PORT, parseResolver, type DnsQueryType, type ResolverAddress } from '../core/monitor-types/dns.ts';
import type { AddressPolicy } from './address-policy.ts';
import { inFrame, type FrameContext } from './check-frame.ts';
import { answerText, answerValue } from './dns-answers.ts';
import { exchangeTcp, exchangeUdp, type DnsResponse } from './dns-exchange.ts';
import { ProbeFailure } from './failure.ts';
import { untilAborted } from './hop-state.ts';
import { ipFamily } from './ip-address.ts';
import { pickAddress, resolveHost, type Lookup, type ResolvedAddress } from './resolve.ts';

export interface DnsCheck {
  readonly queryName: string;
  readonly queryType: DnsQueryType;
  /** host[:port]; absent: the system's first resolver. */
  readonly resolver?: string | undefined;
  readonly transport: 'udp' | 'tcp';
  readonly target: string;
  readonly timeoutMs: number;
  readonly region: string;
}

/** The system's resolvers as `dns.getServers()` lists them (`1.1.1.1`, `[::1]:5353`). Injectable for tests. */
export type SystemResolvers = () => readonly string[];

interface Asked {
  address: ResolvedAddress;
  port: number;
}

async function resolverToAsk(check: DnsCheck, policy: AddressPolicy, lookup: Lookup, systemResolvers: SystemResolvers, context: FrameContext): Promise<Asked> {
  const { state, signal, onAbort } = context;
  if (check.resolver === undefined) {
    const first = systemResolvers()[0];
    const parsed = first === undefined ? null : parseResolver(first);
    const family = parsed !== null && typeof parsed !== 'string' ? ipFamily(parsed.host) : null;
    if (parsed === null || typeof parsed === 'string' || family === null) {
      throw new ProbeFailure('dns', 'no_system_resolver', 'the system has no resolver configured; give the monitor a resolver');
    }
    return { address: { address: parsed.host, family }, port: parsed.port };
  }
  const given = parseResolver(check.resolver) as ResolverAddress;
  const { addresses, resolved } = await untilAborted(resolveHost(given.host, lookup), signal, onAbort);
  if (resolved) state.dnsAt = performance.now();
  return { address: pickAddress(given.host, addresses, resolved, policy), port: given.port ?? DNS_PORT };
}

function factsOf(check: DnsCheck, asked: Asked, transport: 'udp' | 'tcp', response: DnsResponse): DnsFacts {
  const host = asked.address.family === 6 ? `[${asked.address.address}]` : asked.address.address;
  return {
    resolver: `${host}:${asked.port}`,
    transport,
    queryName: check.queryName,
    queryType: check.queryType,
    rcode: response.rcode ?? 'NOERROR',
    answers: (response.answers ?? []).map(answerText),
  };
}

/** One dns check. Never rejects: a failure is data with a cause. */
export function probeDns(check: DnsCheck, policy: AddressPolicy, lookup: Lookup, systemResolvers: SystemResolvers = getServers): Promise<Observation> {
  let facts: DnsFacts | null = null;
  return inFrame(
    { url: check.target, method: 'DNS', region: check.region, timeoutMs: check.timeoutMs },
    async (context) => {
      const asked = await resolverToAsk(check, policy, lookup, systemResolvers, context);
      const options = { resolver: asked.address, port: asked.port, signal: context.signal, onAbort: context.onAbort };
      const query = { name: check.queryName, type: check.queryType };
      let transport = check.transport;
      let response = transport === 'udp' ? await exchangeUdp(query, options, context.state) : await exchangeTcp(query, options, context.state);
      if (transport === 'udp' && response.flag_tc) {
        transport = 'tcp';
        response = await exchangeTcp(query, options, context.state);
      }
      context.state.ttfbAt = performance.now();
      context.state.connected = true;
      facts = factsOf(check, asked, transport, response);
      const answers = response.answers ?? [];
      context.state.body = answers.length > 0 ? answerValue(answers.at(-1)!) : '';
      context.state.bodyBytes = Buffer.byteLength(context.state.body);
    },
    () => ({ dns: facts }),
  );
}
