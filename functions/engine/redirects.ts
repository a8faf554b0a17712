/**
 * Redirect rules, as browsers apply them: which statuses redirect, where to, and
 * what the next request looks like.
 */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** The Location resolved against the current URL; `null` when it is not a usable http(s) URL. */
export function resolveLocation(location: string, current: URL): URL | null {
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    return null;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return null;
  next.hash = '';
  return next;
}

export interface HopRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** Headers that describe a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = new Set(['content-type', 'content-encoding', 'content-language', 'content-location']);
/** Credentials that must not follow a redirect to another origin (Fetch standard). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The request to send to `to` after a `status` redirect from `from`: 303 (and 301/302
 * after a POST) become a GET without a body; credentials stay with their origin.
 */
export function redirectedRequest(previous: HopRequest, status: number, from: URL, to: URL): HopRequest {
  const toGet = (status === 303 && previous.method !== 'GET' && previous.method !== 'HEAD') ||
    ((status === 301 || status === 302) && previous.method === 'POST');
  const crossOrigin = from.origin !== to.origin;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(previous.headers)) {
    const lower = name.toLowerCase();
    if (toGet && BODY_HEADERS.has(lower)) continue;
    if (crossOrigin && CREDENTIAL_HEADERS.has(lower)) continue;
    headers[name] = value;
  }
  return toGet ? { method: 'GET', headers, body: undefined } : { method: previous.method, headers, body: previous.body };
}
