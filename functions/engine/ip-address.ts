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

export type EmbeddingKind = 'IPv4-mapped' | 'IPv4-compatible' | 'NAT64' | 'NAT64 local-use' | '6to4' | 'Teredo';

export interface EmbeddedIpv4 {
  readonly kind: EmbeddingKind;
  readonly ipv4: string;
}

const dotted = (high: number, low: number): string => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/**
 * The IPv4 addresses an IPv6 transition form carries, which is where a packet to it
 * ends up (so what the SSRF guard must judge); empty for any other address:
 *
 * - IPv4-mapped `::ffff:a.b.c.d` (`::ffff:0:0/96`) and IPv4-compatible `::a.b.c.d`
 *   (`::/96`, except `::` and `::1`);
 * - NAT64, the well-known prefix `64:ff9b::/96` (RFC 6052);
 * - NAT64 local-use, `64:ff9b:1::/48` (RFC 8215), whose operator picks the prefix
 *   length: each RFC 6052 layout possible under it (/48, /56, /64, /96) whose suffix
 *   is zero, as RFC 6052 requires, gives a candidate, and every candidate is judged;
 * - 6to4 `2002:AABB:CCDD::/48` (RFC 3056): the site's IPv4 address in bits 16-47;
 * - Teredo `2001:0::/32` (RFC 4380): the client's IPv4 address, inverted, in the last 32 bits.
 */
export function embeddedIpv4s(address: string): readonly EmbeddedIpv4[] {
  const g = ipv6Groups(address);
  if (!g) return [];
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo4 = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroTo4 && g5 === 0xffff) return [{ kind: 'IPv4-mapped', ipv4: dotted(g6, g7) }];
  if (zeroTo4 && g5 === 0 && !(g6 === 0 && g7 <= 1)) return [{ kind: 'IPv4-compatible', ipv4: dotted(g6, g7) }];
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return [{ kind: 'NAT64', ipv4: dotted(g6, g7) }];
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) {
    const byte = (value: number, high: boolean) => (high ? value >> 8 : value & 0xff);
    const quad = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;
    const layouts: [suffixIsZero: boolean, ipv4: string][] = [
      [g4 === 0 && g5 === 0, dotted(g6, g7)], // /96: bits 96-127
      [byte(g6, false) === 0 && g7 === 0, quad(byte(g4, false), byte(g5, true), byte(g5, false), byte(g6, true))], // /64: bits 72-103
      [g6 === 0 && g7 === 0, quad(byte(g3, false), byte(g4, false), byte(g5, true), byte(g5, false))], // /56: bits 56-63, 72-95
      [byte(g5, false) === 0 && g6 === 0 && g7 === 0, quad(byte(g3, true), byte(g3, false), byte(g4, false), byte(g5, true))], // /48: bits 48-63, 72-87
    ];
    const candidates = layouts.filter(([suffixIsZero]) => suffixIsZero).map(([, ipv4]) => ipv4);
    return [...new Set(candidates)].map((ipv4) => ({ kind: 'NAT64 local-use' as const, ipv4 }));
  }
  if (g0 === 0x2002) return [{ kind: '6to4', ipv4: dotted(g1, g2) }];
  if (g0 === 0x2001 && g1 === 0) return [{ kind: 'Teredo', ipv4: dotted(g6 ^ 0xffff, g7 ^ 0xffff) }];
  return [];
}

/** The first IPv4 address an IPv6 transition form carries (see embeddedIpv4s), or `null`. */
export function embeddedIpv4(address: string): EmbeddedIpv4 | null {
  return embeddedIpv4s(address)[0] ?? null;
}
