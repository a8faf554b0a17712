/** One check, start to verdict: probe the target (by the monitor's type), then judge what was observed. */
import type { CheckResult, Observation } from '../core/check-result.ts';
import { judge } from '../core/judge.ts';
import type { DnsMonitorDefinition, MonitorDefinition, TcpMonitorDefinition, TlsMonitorDefinition } from '../core/monitor.ts';
import { effectiveConditions } from '../core/monitor.ts';
import { readsBody } from '../core/monitor-types/tcp.ts';
import { monitorTarget } from '../core/monitor-types/target.ts';
import type { AddressPolicy } from './address-policy.ts';
import { LOCAL_POLICY } from './address-policy.ts';
import { probeDns, type SystemResolvers } from './dns-check.ts';
import { probe } from './probe.ts';
import { DEFAULT_REGION, DEFAULT_TIMEOUT_MS, type ProbeRequest } from './request.ts';
import { systemLookup, type Lookup } from './resolve.ts';
import { probeStream } from './stream-check.ts';

type Conditions = Pick<MonitorDefinition, 'conditions'>;
type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** What a check of each type needs: a MonitorDefinition, or anything with its type's fields and the conditions. */
export type CheckDefinition = Conditions &
  (
    | (ProbeRequest & { readonly type?: 'http' | undefined })
    | (Optional<Pick<TcpMonitorDefinition, 'type' | 'url' | 'body' | 'readBytes' | 'timeoutMs'>, 'readBytes' | 'timeoutMs'> & { readonly region?: string })
    | (Optional<Pick<TlsMonitorDefinition, 'type' | 'url' | 'starttls' | 'verifyTls' | 'timeoutMs'>, 'verifyTls' | 'timeoutMs'> & {
        readonly region?: string;
        /** PEM certificates to trust instead of the system roots (private CAs, tests). */
        readonly ca?: string;
      })
    | (Optional<Pick<DnsMonitorDefinition, 'type' | 'queryName' | 'queryType' | 'resolver' | 'transport' | 'timeoutMs'>, 'transport' | 'timeoutMs'> & {
        readonly region?: string;
      })
  );

export interface RunCheckOptions {
  /** Where this check runs; sent as X-CrossCheck-Region. @default the definition's, else 'local' */
  readonly region?: string;
  /** @default LOCAL_POLICY */
  readonly policy?: AddressPolicy;
  /** @default the system resolver */
  readonly lookup?: Lookup;
  /** A dns monitor without a resolver asks the first of these. @default dns.getServers */
  readonly systemResolvers?: SystemResolvers;
}

function observe(definition: CheckDefinition, options: RunCheckOptions, conditions: readonly string[]): Promise<Observation> {
  const region = options.region ?? definition.region ?? DEFAULT_REGION;
  const policy = options.policy ?? LOCAL_POLICY;
  const lookup = options.lookup ?? systemLookup;
  const timeoutMs = definition.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (definition.type) {
    case 'tcp':
      return probeStream(
        { type: 'tcp', url: definition.url, target: monitorTarget(definition), timeoutMs, region, body: definition.body, readAnswer: readsBody(conditions), ...(definition.readBytes ? { readBytes: definition.readBytes } : {}) },
        policy,
        lookup,
      );
    case 'tls':
      return probeStream(
        { type: 'tls', url: definition.url, target: monitorTarget(definition), timeoutMs, region, starttls: definition.starttls, verifyTls: definition.verifyTls ?? true, ca: definition.ca },
        policy,
        lookup,
      );
    case 'dns':
      return probeDns(
        { queryName: definition.queryName, queryType: definition.queryType, resolver: definition.resolver, transport: definition.transport ?? 'udp', target: monitorTarget(definition), timeoutMs, region },
        policy,
        lookup,
        options.systemResolvers,
      );
    default:
      return probe({ ...definition, region }, policy, options.lookup ? { lookup: options.lookup } : {});
  }
}

export async function runCheck(definition: CheckDefinition, options: RunCheckOptions = {}): Promise<CheckResult> {
  const conditions = effectiveConditions(definition);
  return judge(await observe(definition, options, conditions), conditions);
}
