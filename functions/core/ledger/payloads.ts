/**
 * Payload bodies of ledger entries. Signed payloads carry compact summaries, bounded
 * so that the JWS signing input stays under 4096 bytes whatever the monitor says;
 * the full results travel in the evidence document, referenced by its SHA-256.
 *
 * Payloads are public (GET /v1/ledger, /v1/incidents/{id}) and cannot be redacted once
 * signed, so they hold no monitor headers, bodies, response excerpts, URL paths, query
 * strings or resolved addresses, and no free text of the engine: see incidentOpenedBody
 * and public-text.ts. What they do hold of a
 * response is the failed conditions' resolved text (`[STATUS] (503) == 200`,
 * `[BODY].status (DOWN) == UP`): the evidence an incident stands on, which may quote
 * the value a condition read from the body (or `[IP]`'s address).
 */
import type { CheckResult, FailureCause, Timings } from '../check-result.ts';
import { CrossCheckError } from '../errors.ts';
import type { Incident, IncidentResolution, IncidentVerification, VerificationOutcome } from '../incident.ts';
import type { Monitor, MonitorDefinition } from '../monitor.ts';
import { monitorTarget, publicTarget, type TargetFields } from '../monitor-types/target.ts';
import { clipToJsonBytes } from './clip.ts';
import { canonicalSha256, sha256Base64url } from './hash.ts';
import { publicFailureText, publicUrl } from './public-text.ts';

/** Byte budgets (as JSON string literals) for free text copied into a payload. */
export const PAYLOAD_LIMITS = {
  name: 200,
  url: 256,
  region: 64,
  error: 160,
  condition: 120,
  failedConditions: 3,
} as const;

export interface ResultSummary {
  /** RFC 3339 start of the check. */
  readonly at: string;
  readonly status: number;
  readonly cause: FailureCause | null;
  /**
   * The failure as public text, built from its cause, code and parsed URL only
   * (publicFailureText): `connect: ECONNREFUSED`, `http: redirect loop at http://shop.test:8080`.
   * Entries signed before results had codes hold the engine's error text here, its URLs
   * reduced by pattern; they stay as signed.
   */
  readonly error: string | null;
  readonly timings: Timings;
  /** The failed conditions as resolved text (`[STATUS] (503) == 200`), at most three, then `… and N more`. */
  readonly failedConditions: readonly string[];
  /**
   * A probe agent's result: base64url(SHA-256) of the compact JWS the agent signed it with.
   * The JWS itself (which holds the URL and response excerpt) is in the evidence document.
   */
  readonly signedResultSha256?: string;
}

export interface IncidentOpenedBody {
  readonly incidentId: string;
  /**
   * `url` is the monitor's public target: for http publicUrl(monitor.url), the origin, scheme://host[:port] (no
   * userinfo, path, query or fragment); `tcp://host:port`, `tls://host:port`; `dns:name?type=A` (no resolver address).
   */
  readonly monitor: { readonly id: string; readonly name: string; readonly url: string };
  readonly cause: FailureCause;
  /** RFC 3339: when the incident opened (downtime starts here). */
  readonly openedAt: string;
  readonly primary: { readonly region: string; readonly result: ResultSummary };
  /** outcome `unavailable`: no other region could verify; region and result are null then. */
  readonly verification: {
    readonly region: string | null;
    readonly result: ResultSummary | null;
    readonly outcome: VerificationOutcome | 'unavailable';
  };
}

export interface IncidentResolvedBody {
  readonly incidentId: string;
  readonly monitor: { readonly id: string; readonly name: string };
  readonly openedAt: string;
  /** RFC 3339: when the incident resolved (downtime ends here). */
  readonly resolvedAt: string;
  /** Present when the monitor did not recover but was paused or deleted while DOWN. */
  readonly reason?: IncidentResolution;
}

export interface MonitorChangeBody {
  readonly monitor: { readonly id: string; readonly name: string };
  /** base64url(SHA-256(canonical JSON of the definition)), see monitorDefinitionSha256. */
  readonly definitionSha256: string;
}

/** What the evidence document of an `incident.opened` entry holds: both regions' full results. */
export interface IncidentEvidence {
  readonly incidentId: string;
  readonly monitor: { readonly id: string; readonly name: string; readonly url: string };
  readonly cause: FailureCause;
  readonly openedAt: string;
  readonly verification: IncidentVerification;
  readonly primary: { readonly region: string; readonly result: CheckResult };
  readonly verifier: { readonly region: string; readonly result: CheckResult; readonly outcome: VerificationOutcome } | null;
  /** Quorum: every verifying location's full result, in order, when more than one answered. */
  readonly answers?: readonly { readonly region: string; readonly result: CheckResult; readonly outcome: VerificationOutcome }[];
}

/**
 * A result as public data: status, cause, timings, failed conditions and the failure's
 * public text (publicFailureText, never the engine's error text). No URL, headers, body
 * excerpt, TLS facts, redirects or remote address: those stay in the evidence document.
 */
export function summarizeResult(result: CheckResult): ResultSummary {
  const failed = result.conditions.filter((c) => !c.success).map((c) => clipToJsonBytes(c.condition, PAYLOAD_LIMITS.condition));
  const shown = failed.slice(0, PAYLOAD_LIMITS.failedConditions);
  if (failed.length > shown.length) shown.push(`… and ${failed.length - shown.length} more`);
  return {
    at: result.startedAt,
    status: result.status,
    cause: result.cause,
    error: clipOrNull(publicFailureText(result), PAYLOAD_LIMITS.error),
    timings: {
      dns: result.timings.dns,
      connect: result.timings.connect,
      tls: result.timings.tls,
      ttfb: result.timings.ttfb,
      total: result.timings.total,
    },
    failedConditions: shown,
    ...(result.signed === undefined ? {} : { signedResultSha256: sha256Base64url(result.signed) }),
  };
}

const clipOrNull = (text: string | null, maxBytes: number): string | null => (text === null ? null : clipToJsonBytes(text, maxBytes));
const region = (name: string): string => clipToJsonBytes(name, PAYLOAD_LIMITS.region);
const monitorName = (name: string): string => clipToJsonBytes(name, PAYLOAD_LIMITS.name);

/**
 * The `incident.opened` payload body, and the evidence document whose SHA-256 the entry
 * carries. The body is public, so it is reduced:
 * - `monitor.url` is the monitor's public target (publicTarget): an http URL reduced to its origin, scheme://host[:port]:
 *   userinfo, path, query and fragment (where tokens ride) are dropped;
 * - each region's result is a ResultSummary: no headers, body excerpt or remote
 *   address, and the failure as public text built from its cause, code and parsed URL.
 * The evidence document (not public) keeps the full URL and both full results.
 */
export function incidentOpenedBody(
  incident: Incident,
  monitor: Pick<Monitor, 'id' | 'name'> & TargetFields,
): { body: IncidentOpenedBody & Record<string, unknown>; evidence: IncidentEvidence } {
  const body = {
    incidentId: incident.id,
    monitor: { id: monitor.id, name: monitorName(monitor.name), url: clipToJsonBytes(publicTarget(monitor, publicUrl) ?? '', PAYLOAD_LIMITS.url) },
    cause: incident.cause,
    openedAt: incident.openedAt,
    primary: { region: region(incident.primary.region), result: summarizeResult(incident.primary.result) },
    verification:
      incident.verifier === null
        ? { region: null, result: null, outcome: 'unavailable' as const }
        : {
            region: region(incident.verifier.region),
            result: summarizeResult(incident.verifier.result),
            outcome: incident.verifier.outcome,
            // Quorum: who answered and how (the full results are in the evidence document).
            ...(incident.answers === undefined
              ? {}
              : {
                  answers: incident.answers.map((a) => ({
                    region: region(a.region),
                    outcome: a.outcome,
                    ...(a.result.signed === undefined ? {} : { signedResultSha256: sha256Base64url(a.result.signed) }),
                  })),
                }),
          },
  };
  const evidence: IncidentEvidence = {
    incidentId: incident.id,
    monitor: { id: monitor.id, name: monitor.name, url: monitorTarget(monitor) },
    cause: incident.cause,
    openedAt: incident.openedAt,
    verification: incident.verification,
    primary: { region: incident.primary.region, result: incident.primary.result },
    verifier:
      incident.verifier === null
        ? null
        : { region: incident.verifier.region, result: incident.verifier.result, outcome: incident.verifier.outcome },
    ...(incident.answers === undefined ? {} : { answers: incident.answers }),
  };
  return { body, evidence };
}

export function incidentResolvedBody(incident: Incident): { body: IncidentResolvedBody & Record<string, unknown> } {
  if (incident.resolvedAt === null) {
    throw new CrossCheckError(`incident ${incident.id} is not resolved: no incident.resolved entry can be written`);
  }
  return {
    body: {
      incidentId: incident.id,
      monitor: { id: incident.monitorId, name: monitorName(incident.monitorName) },
      openedAt: incident.openedAt,
      resolvedAt: incident.resolvedAt,
      ...(incident.resolution === undefined ? {} : { reason: incident.resolution }),
    },
  };
}

/**
 * The definition of a monitor: everything but its identity and bookkeeping times. The
 * default type, `http`, is left out, so that an http monitor hashes as it did before
 * monitors had types (no spurious `monitor.updated` entries, and older hashes still hold).
 */
export function monitorDefinitionOf(monitor: Monitor): MonitorDefinition {
  const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...definition } = monitor;
  if (definition.type !== 'http') return definition;
  const { type: _type, ...untyped } = definition;
  return untyped as MonitorDefinition;
}

/**
 * base64url(SHA-256(canonical JSON of the monitor definition)): the monitor as stored,
 * defaults filled, without `id`, `createdAt` and `updatedAt` (and `type` when it is
 * `http`), keys sorted. An auditor
 * holding the definition recomputes it with any JSON canonicalizer (RFC 8785).
 */
export function monitorDefinitionSha256(monitor: Monitor): string {
  return canonicalSha256(monitorDefinitionOf(monitor));
}

/** Whether replacing `current`'s definition with `definition` changes what the ledger records of it. */
export function definitionChanges(current: Monitor, definition: MonitorDefinition): boolean {
  return monitorDefinitionSha256(current) !== monitorDefinitionSha256({ ...current, ...definition });
}

export function monitorChangeBody(monitor: Monitor): MonitorChangeBody & Record<string, unknown> {
  return {
    monitor: { id: monitor.id, name: monitorName(monitor.name) },
    definitionSha256: monitorDefinitionSha256(monitor),
  };
}
