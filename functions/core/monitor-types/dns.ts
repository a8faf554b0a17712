/**
 * A `dns` monitor: one query (`queryName`, `queryType`) to a given resolver or the
 * system's, over UDP (with TCP when the answer is truncated) or TCP. `[DNS_RCODE]`
 * (NOERROR, NXDOMAIN, SERVFAIL, ...) and `[BODY]` (the last answer's value, as in
 * Gatus) in conditions.
 */
import * as z from 'zod';

export const DNS_QUERY_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'SOA', 'CAA', 'PTR'] as const;
export type DnsQueryType = (typeof DNS_QUERY_TYPES)[number];
export const DNS_TRANSPORTS = ['udp', 'tcp'] as const;
export const DNS_DEFAULT_CONDITION = '[DNS_RCODE] == NOERROR';
export const DNS_PORT = 53;

const LABEL = '[A-Za-z0-9_*](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const QUERY_NAME = new RegExp(`^(?:\\.|${LABEL}(?:\\.${LABEL})*\\.?)$`);
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*\\.?$`);

export interface ResolverAddress {
  /** An IP literal (IPv6 without brackets) or a host name. */
  readonly host: string;
  readonly port: number;
}

/**
 * `8.8.8.8`, `8.8.8.8:5353`, `[2001:db8::53]:53`, `2001:db8::53`, `ns1.example.org`,
 * `dns://8.8.8.8` (Gatus' forms); the port defaults to 53. A message when it is none of these.
 */
export function parseResolver(text: string): ResolverAddress | string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1];
  if (scheme !== undefined && !/^(?:dns|udp|tcp)$/i.test(scheme)) return `${JSON.stringify(text)} is not an IP address or host name (host[:port], port 53 by default; dns://host[:port] is accepted)`;
  const bare = text.replace(/^(?:dns|udp|tcp):\/\//i, '').replace(/\/$/, '');
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?$/.exec(bare);
  let host: string;
  let portText: string | undefined;
  if (v6) {
    host = v6[1]!.toLowerCase();
    portText = v6[2];
  } else if ((bare.match(/:/g) ?? []).length >= 2) {
    if (!/^[0-9A-Fa-f:.]+$/.test(bare)) return 'is not an IP address or host name (write an IPv6 address with a port as [2001:db8::53]:53)';
    host = bare.toLowerCase();
  } else {
    const [h, p] = bare.split(':');
    host = h!.toLowerCase();
    portText = p;
  }
  if (!v6 && !host.includes(':') && !IPV4.test(host) && !(HOST_NAME.test(host) && !/^[\d.]+$/.test(host))) {
    return `${JSON.stringify(text)} is not an IP address or host name (host[:port], port 53 by default)`;
  }
  const port = portText === undefined ? DNS_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return `port ${portText} is out of range (1 to 65535)`;
  return { host: host.endsWith('.') ? host.slice(0, -1) : host, port };
}

export const DnsFields = {
  type: z.literal('dns'),
  queryName: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .regex(QUERY_NAME, 'must be a domain name (labels of letters, digits, - and _, separated by dots)')
    .describe('The name to query, e.g. example.org (a trailing dot is allowed).'),
  queryType: z.enum(DNS_QUERY_TYPES).default('A').describe('The record type to ask for.'),
  resolver: z
    .string()
    .trim()
    .max(300)
    .superRefine((value, ctx) => {
      const parsed = parseResolver(value);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    })
    .optional()
    .describe("host[:port] of the resolver to ask (port 53 by default); absent: the system's first resolver. Goes through the SSRF guard and the private-range policy."),
  transport: z.enum(DNS_TRANSPORTS).default('udp').describe('udp (falls back to TCP when the answer is truncated) or tcp.'),
};
