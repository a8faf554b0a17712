/**
 * What of a monitor's URL and a probe's error text may be public. Ledger payloads are
 * served to anyone (/v1/ledger, /v1/incidents/{id}) and can never be redacted once
 * signed, so they carry no secrets a URL or an error message may hold:
 *
 * - a URL keeps scheme://host[:port]/path, as the WHATWG URL parser normalizes it;
 *   userinfo, query and fragment go (they often carry tokens);
 * - an error text has each URL in it reduced the same way, and each IP address that is
 *   not the host of such a URL replaced by `[address]` (Node's `connect ECONNREFUSED
 *   10.0.0.5:443` names the address the host resolved to, which the payload does not
 *   carry otherwise).
 *
 * The full URL and error stay in the evidence document, which is not public; the
 * payload carries its SHA-256.
 */

export const ADDRESS_PLACEHOLDER = '[address]';

const URL_IN_TEXT = String.raw`[a-z][a-z0-9+.-]*://[^\s"'<>\`]+`;
const IPV4 = String.raw`(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])`;
/** A run of hex digits, colons and dots with at least two colons (an IPv6 address, perhaps with a port, or a time). */
const IPV6 = String.raw`(?<![\w:.])(?=[0-9a-f.]*:[0-9a-f.]*:)[0-9a-f:.]+(?:%[\w.-]+)?`;
const IN_TEXT = new RegExp(`(${URL_IN_TEXT})|(${IPV6})|(${IPV4})`, 'gi');

/** scheme://host[:port]/path of an absolute URL; without userinfo, query and fragment. */
export function publicUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.host !== '') return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    // Not a URL the WHATWG parser takes: cut by hand below.
  }
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1').replace(/[?#].*$/s, '');
}

/** An error text with its URLs reduced (publicUrl) and other IP addresses replaced by `[address]`. */
export function publicErrorText(text: string): string {
  return text.replace(IN_TEXT, (match: string, url?: string, ipv6?: string) => {
    if (url !== undefined) return publicUrl(url);
    // A time (12:30:45) has colons too; an IPv6 address has `::` or all eight groups.
    if (ipv6 !== undefined && !match.includes('::') && match.split(':').length < 8) return match.replace(new RegExp(IPV4, 'g'), ADDRESS_PLACEHOLDER);
    return ADDRESS_PLACEHOLDER;
  });
}
