/**
 * What a monitor watches, as one line of text for people (the CLI, alerts, the
 * dashboard) and, reduced, for the public ledger. An http monitor's target is its
 * URL; a tcp or tls monitor's its `tcp://host:port` / `tls://host:port` (with the
 * STARTTLS protocol); a dns monitor's an RFC 4501 DNS URI, `dns://resolver/name?type=A`
 * (`dns:name?type=A` with the system's resolver).
 */
import type { DnsQueryType } from './dns.ts';
import { endpointOf } from './endpoint.ts';
import type { StarttlsProtocol } from './tls.ts';

/** The fields that say what a monitor watches, for every type (`type` absent: http, as stored before types existed). */
export type TargetFields =
  | { readonly type?: 'http' | undefined; readonly url: string }
  | { readonly type: 'tcp'; readonly url: string }
  | { readonly type: 'tls'; readonly url: string; readonly starttls?: StarttlsProtocol | undefined }
  | { readonly type: 'dns'; readonly queryName: string; readonly queryType: DnsQueryType; readonly resolver?: string | undefined };

/** The monitor's target as people read it. */
export function monitorTarget(monitor: TargetFields): string {
  switch (monitor.type) {
    case 'dns':
      return `${dnsUriPrefix(monitor.resolver)}${monitor.queryName}?type=${monitor.queryType}`;
    case 'tls':
      return monitor.starttls ? `${monitor.url} (STARTTLS ${monitor.starttls})` : monitor.url;
    default:
      return monitor.url;
  }
}

function dnsUriPrefix(resolver: string | undefined): string {
  if (resolver === undefined) return 'dns:';
  const bare = resolver.replace(/^(?:dns|udp|tcp):\/\//i, '').replace(/\/$/, '');
  const host = bare.includes(':') && !bare.startsWith('[') && (bare.match(/:/g) ?? []).length >= 2 ? `[${bare}]` : bare;
  return `dns://${host}/`;
}

/**
 * The target as public text, rebuilt from parsed fields (never the text as given):
 * http(s) reduced to its origin by `publicHttp`; `tcp://host:port` and
 * `tls://host:port`; a dns monitor's `dns:name?type=A`, without the resolver's address.
 * `null` when nothing safe can be said.
 */
export function publicTarget(monitor: TargetFields, publicHttp: (url: string) => string | null): string | null {
  switch (monitor.type) {
    case 'dns':
      return /^[A-Za-z0-9_.*-]{1,254}$/.test(monitor.queryName) ? `dns:${monitor.queryName}?type=${monitor.queryType}` : null;
    case 'tcp':
    case 'tls': {
      let endpoint;
      try {
        endpoint = endpointOf(monitor.url, [monitor.type]);
      } catch {
        return null;
      }
      const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
      return `${endpoint.scheme}://${host}:${endpoint.port}`;
    }
    default:
      return publicHttp(monitor.url);
  }
}
