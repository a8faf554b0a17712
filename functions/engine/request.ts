/**
 * What to check. Field names match MonitorDefinition, so a parsed definition can be
 * passed as is; every field but `url` has the same default as the monitor model.
 */
import packageJson from '../../package.json' with { type: 'json' };

export interface ProbeRequest {
  readonly url: string;
  /** @default 'GET' */
  readonly method?: string;
  /** @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Covers the whole check, redirects included. @default 10000 */
  readonly timeoutMs?: number;
  /** @default true */
  readonly followRedirects?: boolean;
  /** @default 5 */
  readonly maxRedirects?: number;
  /** @default true */
  readonly verifyTls?: boolean;
  /** Sent as X-CrossCheck-Region. @default 'local' */
  readonly region?: string;
  /** Bodies larger than this fail the check with cause `body`. @default 1 MiB */
  readonly bodyCapBytes?: number;
  /** PEM certificates to trust instead of the system roots (private CAs, tests). */
  readonly ca?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_BODY_CAP_BYTES = 1024 * 1024;
export const DEFAULT_REGION = 'local';

export const PROBE_VERSION: string = packageJson.version;
export const USER_AGENT = `CrossCheck/${PROBE_VERSION}`;

export type ResolvedProbeRequest = Required<Omit<ProbeRequest, 'body' | 'ca'>> & Pick<ProbeRequest, 'body' | 'ca'>;

export function withDefaults(request: ProbeRequest): ResolvedProbeRequest {
  return {
    url: request.url,
    method: (request.method ?? 'GET').toUpperCase(),
    headers: request.headers ?? {},
    body: request.body,
    timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    followRedirects: request.followRedirects ?? true,
    maxRedirects: request.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    verifyTls: request.verifyTls ?? true,
    region: request.region ?? DEFAULT_REGION,
    bodyCapBytes: request.bodyCapBytes ?? DEFAULT_BODY_CAP_BYTES,
    ca: request.ca,
  };
}

/** Headers the probe controls, whatever the monitor says: who is probing, from where. */
export function identityHeaders(region: string): Record<string, string> {
  return { 'user-agent': USER_AGENT, 'x-crosscheck-region': region };
}

/**
 * The monitor's headers with the probe's identity on top. Names are matched
 * case-insensitively, so `User-Agent` from a monitor cannot hide who is probing.
 */
export function outgoingHeaders(headers: Readonly<Record<string, string>>, region: string): Record<string, string> {
  const identity = identityHeaders(region);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!Object.hasOwn(identity, name.toLowerCase())) out[name] = value;
  }
  return { ...out, ...identity };
}
