/**
 * Verifies one incident's ledger entries (behind GET /v1/incidents/{id}/verify): each
 * entry's signature, its prev link to the entry before it (when that entry is given
 * too), that the entries name the incident, and optionally the evidence hash.
 */
import type { JSONWebKeySet } from 'jose';
import { GENESIS_PREV, prevOf, sha256Base64url } from '../core/ledger/index.ts';
import { keySetOf, checkEntrySignature, type LedgerEntryInput, type SignedEntry } from './entry.ts';

export interface IncidentCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface IncidentAuditReport {
  readonly valid: boolean;
  readonly checks: readonly IncidentCheck[];
}

export interface IncidentAuditOptions {
  /** The incident to check; by default the one the `incident.opened` entry names. */
  readonly incidentId?: string;
  /** Evidence documents by SHA-256 (as the ledger store returns them), to check against the payload. */
  readonly evidence?: Readonly<Record<string, string | null>>;
}

/**
 * `entries` holds the incident's entries and, for the chain checks, may hold the entry
 * just before each of them (seq - 1); those context entries are hashed, not judged.
 */
export async function auditIncident(
  entries: readonly LedgerEntryInput[],
  jwks: JSONWebKeySet,
  options: IncidentAuditOptions = {},
): Promise<IncidentAuditReport> {
  const keys = keySetOf(jwks);
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  const checks: IncidentCheck[] = [];
  const verified: SignedEntry[] = [];

  for (const input of [...bySeq.values()].sort((a, b) => a.seq - b.seq)) {
    const checked = await checkEntrySignature(input, keys);
    if (!checked.ok) {
      // Context entries are held to the same standard: a chain link to a forged entry proves nothing.
      checks.push({ name: `signature (seq ${input.seq})`, ok: false, detail: checked.reason });
      continue;
    }
    verified.push(checked.entry);
  }

  const opened = verified.find((e) => e.payload.type === 'incident.opened' && (options.incidentId === undefined || e.payload.incidentId === options.incidentId));
  const incidentId = options.incidentId ?? (opened?.payload.type === 'incident.opened' ? opened.payload.incidentId : undefined);
  const own = verified.filter((e) => 'incidentId' in e.payload && e.payload.incidentId === incidentId);

  checks.push(
    opened
      ? { name: 'incident.opened', ok: true, detail: `seq ${opened.seq} opens incident ${incidentId}` }
      : { name: 'incident.opened', ok: false, detail: incidentId === undefined ? 'no incident.opened entry' : `no incident.opened entry for incident ${incidentId}` },
  );

  for (const entry of own) {
    checks.push({ name: `signature (seq ${entry.seq})`, ok: true, detail: `ES256 signature verifies with kid ${entry.kid}` });
    const before = bySeq.get(entry.seq - 1);
    if (entry.seq === 1) {
      const ok = entry.payload.prev === GENESIS_PREV;
      checks.push({ name: `chain (seq 1)`, ok, detail: ok ? 'prev is the genesis value' : 'prev is not the genesis value' });
    } else if (before !== undefined) {
      const ok = entry.payload.prev === prevOf(before.jws);
      checks.push({
        name: `chain (seq ${entry.seq})`,
        ok,
        detail: ok ? `prev is the SHA-256 of entry ${before.seq}` : `prev does not match SHA-256 of entry ${before.seq}`,
      });
    }
    const sha = entry.payload.evidence;
    const doc = sha === undefined ? undefined : options.evidence?.[sha];
    if (sha !== undefined && doc !== undefined) {
      const ok = doc !== null && sha256Base64url(doc) === sha;
      checks.push({
        name: `evidence (seq ${entry.seq})`,
        ok,
        detail: doc === null ? `evidence ${sha} is missing` : ok ? 'the evidence document matches its SHA-256 in the entry' : 'the evidence document does not match its SHA-256 in the entry',
      });
    }
  }

  const resolved = own.find((e) => e.payload.type === 'incident.resolved');
  if (resolved && opened) {
    const p = resolved.payload.type === 'incident.resolved' ? resolved.payload : null;
    const ok = resolved.seq > opened.seq && p !== null && Date.parse(p.resolvedAt) >= Date.parse(p.openedAt);
    checks.push({
      name: 'incident.resolved',
      ok,
      detail: ok ? `seq ${resolved.seq} resolves incident ${incidentId}` : `seq ${resolved.seq} resolves the incident before it opened`,
    });
  }

  return { valid: checks.every((c) => c.ok), checks };
}
