/**
 * What of a monitor's URL and of a check's failure may be public. Ledger payloads are
 * served to anyone (/v1/ledger, /v1/incidents/{id}) and can never be redacted once
 * signed, so public text is built field by field from structured values, never by
 * finding things in free text (the engine's `error` may quote anything a URL held):
 *
 * - a URL is reduced to its origin, `scheme://host[:port]`, rebuilt from parsed fields.
 *   Userinfo, query and fragment go (tokens ride there), and so does the path: paths
 *   carry secrets too (capability URLs such as `/hooks/<token>` or `/ping/<uuid>`,
 *   `;jsessionid=` that servers write into the URLs they redirect to), and the public
 *   does not need them to know which service failed. The host stays: it names the
 *   service, as the monitor's name does.
 * - a failure is its cause and its code (`connect: ECONNREFUSED`,
 *   `http: redirect loop at http://shop.test:8080`): a system code as it is, one of the
 *   engine's lower-snake-case codes in words, and the failure's parsed URL (if any)
 *   reduced as above. A code that is not a plain identifier is left out, and a result
 *   stored before results had codes shows its cause alone.
 *
 * The full URL and error text stay in the evidence document and the authenticated API;
 * the payload carries the evidence's SHA-256.
 */
import { FAILURE_CAUSES, parseFailureUrl, SYSTEM_CODE_PATTERN, type CheckResult, type FailureUrl } from '../check-result.ts';

/** `redirect_loop`, `private_address`: the engine's own, shown in words. */
const ENGINE_CODE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+){0,7}$/;

/**
 * The origin of an http(s) URL, `scheme://host[:port]`, rebuilt by the URL parser from
 * the parsed fields alone (a host that is not exactly a parsed hostname is refused, so
 * nothing else can ride in it); `null` when there is no such URL. A string is parsed first.
 */
export function publicUrl(url: FailureUrl | string): string | null {
  const parts = typeof url === 'string' ? parseFailureUrl(url) : url;
  if (parts === null) return null;
  if (parts.scheme !== 'http' && parts.scheme !== 'https') return null;
  if (parts.port !== null && !(Number.isInteger(parts.port) && parts.port >= 1 && parts.port <= 65_535)) return null;
  let origin: URL;
  try {
    origin = new URL(`${parts.scheme}://${parts.host}`);
  } catch {
    return null;
  }
  if (origin.hostname !== parts.host || origin.pathname !== '/' || origin.search !== '' || origin.hash !== '') return null;
  if (parts.port !== null) origin.port = String(parts.port);
  return origin.origin;
}

/** A failure code as public text: a system code as is, an engine code in words, anything else nothing. */
function codeText(code: string | null | undefined): string | null {
  if (typeof code !== 'string') return null;
  if (SYSTEM_CODE_PATTERN.test(code)) return code;
  if (ENGINE_CODE.test(code)) return code.replaceAll('_', ' ');
  return null;
}

/**
 * The public text of a result's failure, from its structured fields only: `cause: code`,
 * ` at scheme://host[:port]` when the failure names a URL; the cause alone without a
 * usable code; `null` when there was no transport failure (failed conditions are
 * summarized on their own).
 */
export function publicFailureText(result: Pick<CheckResult, 'cause' | 'error' | 'errorCode' | 'errorUrl'>): string | null {
  if (result.error === null) return null;
  const code = codeText(result.errorCode);
  const url = result.errorUrl ? publicUrl(result.errorUrl) : null;
  const cause = result.cause !== null && FAILURE_CAUSES.includes(result.cause) ? result.cause : null;
  const what = [cause, code].filter((part): part is string => part !== null).join(': ');
  if (what === '') return null;
  return url === null || code === null ? what : `${what} at ${url}`;
}
