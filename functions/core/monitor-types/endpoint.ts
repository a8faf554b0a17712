/**
 * The `scheme://host:port` endpoint of a `tcp` or `tls` monitor, as Gatus writes it
 * (`tcp://db:5432`, `tls://mail.example.org:465`): parsed fields, one validation.
 */
import * as z from 'zod';

export interface Endpoint {
  readonly scheme: string;
  /** Lower case; an IPv6 literal without brackets. */
  readonly host: string;
  readonly port: number;
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]+$/;
const ENDPOINT = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]*\]|[^:/?#@[\]]*)(?::(\d{1,5}))?(\/?)$/i;

/** The endpoint of `text`, or why it is not one (a message for the field). */
export function parseEndpoint(text: string, schemes: readonly string[]): Endpoint | string {
  const match = ENDPOINT.exec(text);
  const wanted = schemes.map((s) => `${s}://host:port`).join(' or ');
  if (!match) return text.includes('@') ? 'credentials are not allowed in the address' : `must be ${wanted}`;
  const scheme = match[1]!.toLowerCase();
  if (!schemes.includes(scheme)) return `scheme ${scheme} is not supported here; use ${wanted}`;
  const rawHost = match[2]!.toLowerCase();
  const bracketed = rawHost.startsWith('[');
  const host = bracketed ? rawHost.slice(1, -1) : rawHost;
  const valid = bracketed ? IPV6.test(host) && host.includes(':') : IPV4.test(host) || HOST_NAME.test(host);
  if (!valid) return `${JSON.stringify(match[2])} is not a host name or IP address`;
  if (match[3] === undefined) return `needs a port: ${scheme}://${match[2]}:<port>`;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) return `port ${match[3]} is out of range (1 to 65535)`;
  return { scheme, host: host.endsWith('.') ? host.slice(0, -1) : host, port };
}

/** A zod string that must be an endpoint of one of `schemes`. */
export function endpointUrl(schemes: readonly string[]) {
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const parsed = parseEndpoint(value, schemes);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    });
}

/** The endpoint of a definition already validated; throws on text that is not one (a programming error). */
export function endpointOf(text: string, schemes: readonly string[]): Endpoint {
  const parsed = parseEndpoint(text, schemes);
  if (typeof parsed === 'string') throw new TypeError(`${text}: ${parsed}`);
  return parsed;
}
