/**
 * Gatus' endpoint types in CrossCheck's terms, for the YAML import: the scheme of
 * `url` (`tcp://`, `tls://`, `starttls://`) and a `dns:` block choose the monitor's
 * `type`, as Gatus chooses them. Types CrossCheck does not run (`icmp://`, `udp://`,
 * `ssh://`, ...) are refused with the reason and what to use instead.
 */
import type { FieldIssue } from './errors.ts';

type Json = Record<string, unknown>;

/** Gatus schemes with no CrossCheck type: why, and what to use instead. */
const REFUSED_SCHEMES = new Map([
  [
    'icmp',
    'ICMP (ping) is not supported: AWS Lambda cannot send ICMP, and an unprivileged ping socket is not available on every host; use tcp://host:port with [CONNECTED] == true to see that a host is reachable',
  ],
  ['udp', 'UDP endpoints are not supported (a UDP datagram has no answer to check); for a DNS server use a dns: block'],
  ['sctp', 'SCTP endpoints are not supported'],
  ['ssh', 'SSH checks are not supported; tcp://host:22 with [BODY] == pat(SSH-2.0-*) checks the server banner'],
  ['ws', 'WebSocket checks are not supported'],
  ['wss', 'WebSocket checks are not supported'],
  ['grpc', 'gRPC health checks are not supported'],
  ['grpcs', 'gRPC health checks are not supported'],
]);

/** Where Gatus writes the fields of a dns endpoint, for error paths. */
export const GATUS_DNS_PATHS: Readonly<Record<string, string>> = { queryName: 'dns.query-name', queryType: 'dns.query-type', resolver: 'url' };

const GATUS_DNS_KEYS = new Set(['query-name', 'query-type']);

function schemeOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(url.trim())?.[1]?.toLowerCase() ?? null;
}

/**
 * Sets `out.type` (and the type's fields) from the endpoint's `url` and `dns` block, or
 * records why the endpoint cannot be imported (the caller leaves out the schema's own
 * issue on a path reported here: said once, with the reason). An endpoint that names
 * `type` itself is left as it is.
 */
export function translateEndpointType(endpoint: Json, path: string, out: Json, issues: FieldIssue[]): void {
  if (endpoint.type !== undefined) return;
  const scheme = schemeOf(endpoint.url);
  if (endpoint.dns !== undefined) {
    translateDns(endpoint, path, out, issues);
    return;
  }
  if (scheme === null) return;
  const refused = REFUSED_SCHEMES.get(scheme);
  if (refused) {
    issues.push({ path: `${path}.url`, message: refused });
    return;
  }
  if (scheme === 'tcp') {
    out.type = 'tcp';
    // Gatus turns the two characters \n of a tcp body into a newline before sending it.
    if (typeof out.body === 'string') out.body = out.body.replaceAll('\\n', '\n');
  } else if (scheme === 'tls') {
    out.type = 'tls';
  } else if (scheme === 'starttls') {
    // Gatus' STARTTLS is SMTP's.
    out.type = 'tls';
    out.starttls = 'smtp';
    out.url = String(endpoint.url).trim().replace(/^starttls:/i, 'tls:');
  }
}

function translateDns(endpoint: Json, path: string, out: Json, issues: FieldIssue[]): void {
  const block = endpoint.dns;
  if (typeof block !== 'object' || block === null || Array.isArray(block)) {
    issues.push({ path: `${path}.dns`, message: 'expected a mapping with query-name and query-type' });
    return;
  }
  const dns = block as Json;
  for (const key of Object.keys(dns)) {
    if (!GATUS_DNS_KEYS.has(key)) issues.push({ path: `${path}.dns.${key}`, message: 'unknown key (dns takes query-name and query-type)' });
  }
  out.type = 'dns';
  delete out.url;
  // Missing or bad values are the schema's to report; gatusPath names them by Gatus' keys.
  out.queryName = dns['query-name'];
  out.queryType = typeof dns['query-type'] === 'string' ? dns['query-type'].toUpperCase() : dns['query-type'];
  // Gatus' url of a DNS endpoint is the resolver: 8.8.8.8, 8.8.8.8:53 or dns://8.8.8.8.
  if (endpoint.url === undefined) issues.push({ path: `${path}.url`, message: 'is required: the address of the DNS server to ask, such as 8.8.8.8' });
  else out.resolver = typeof endpoint.url === 'string' ? endpoint.url.trim() : endpoint.url;
}
