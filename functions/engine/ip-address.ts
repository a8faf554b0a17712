/**
 * Pure helpers for IP address text: families, URL host brackets, and the IPv4
 * address hidden inside some IPv6 forms (an attacker's favourite way around a
 * naive IPv4 deny-list).
 */
import { isIP } from 'node:net';

export type IpFamily = 4 | 6;

/** `4`, `6`, or `null` when the text is not an IP address. Accepts an IPv6 zone id. */
export function ipFamily(text: string): IpFamily | null {
  const family = isIP(text);
  return family === 4 || family === 6 ? family : null;
}

/** A URL host as a plain name or address: `[::1]` -> `::1`. */
export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The address without an IPv6 zone id (`fe80::1%eth0` -> `fe80::1`). */
export function withoutZone(address: string): string {
  const zone = address.indexOf('%');
  return zone === -1 ? address : address.slice(0, zone);
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad allowed), or `null`. */
export function ipv6Groups(address: string): number[] | null {
  if (ipFamily(address) !== 6) return null;
  let text = withoutZone(address).toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  let parts: string[];
  const gap = text.indexOf('::');
  if (gap === -1) {
    parts = text.split(':');
  } else {
    const head = text.slice(0, gap);
    const tail = text.slice(gap + 2);
    const headParts = head ? head.split(':') : [];
    const tailParts = tail ? tail.split(':') : [];
    parts = [...headParts, ...Array<string>(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
  }
  return parts.length === 8 ? parts.map((part) => Number.parseInt(part, 16)) : null;
}

export type EmbeddingKind = 'IPv4-mapped' | 'IPv4-compatible' | 'NAT64';

export interface EmbeddedIpv4 {
  readonly kind: EmbeddingKind;
  readonly ipv4: string;
}

/**
 * The IPv4 address carried by an IPv4-mapped (`::ffff:0:0/96`), IPv4-compatible
 * (`::/96`, except `::` and `::1`) or NAT64 well-known-prefix (`64:ff9b::/96`)
 * IPv6 address; `null` for any other address.
 */
export function embeddedIpv4(address: string): EmbeddedIpv4 | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = g;
  const ipv4 = `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
  const zeroTo4 = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroTo4 && g5 === 0xffff) return { kind: 'IPv4-mapped', ipv4 };
  if (zeroTo4 && g5 === 0 && !(g6 === 0 && g7 <= 1)) return { kind: 'IPv4-compatible', ipv4 };
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return { kind: 'NAT64', ipv4 };
  return null;
}
