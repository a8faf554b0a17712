/**
 * `crosscheck ledger verify --sla <statement>`: checks a signed SLA statement
 * (GET /v1/monitors/{id}/sla) against the ledger being verified: its signature with the
 * JWKS, that its checkpoint's root is the root of the same entries (the statement speaks
 * of this log), and that the entries give exactly its figures.
 */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { rootOfEntries } from '../audit/log-audit.ts';
import { statementDifferences, statementFigures } from '../audit/sla-statement.ts';
import type { ParsedLedgerPayload } from '../core/ledger/index.ts';
import { SLA_JWS_TYP, type SlaStatementPayload } from '../core/ledger/statement.ts';
import { toBase64 } from '../core/tlog/rfc6962.ts';
import { InputError } from './ledger-source.ts';
import { readSource } from './ledger-log.ts';

export interface SlaCheck {
  readonly monitor: string | null;
  readonly period: { readonly from: string; readonly to: string } | null;
  readonly holds: boolean;
  readonly problems: readonly string[];
}

/** The compact JWS in a file or URL: the route's JSON `{statement}`, or the JWS itself. */
async function statementText(source: string, fetchFn: typeof fetch): Promise<string> {
  const text = (await readSource(source, fetchFn)).trim();
  if (!text.startsWith('{')) return text;
  try {
    const value = JSON.parse(text) as { statement?: unknown };
    if (typeof value.statement === 'string') return value.statement;
  } catch {
    // not JSON: reported below
  }
  throw new InputError(`${source} holds neither a statement JWS nor {"statement": "<jws>"}`);
}

export async function checkSlaStatement(
  source: string,
  jwks: JSONWebKeySet,
  entries: { readonly jws: readonly string[]; readonly payloads: readonly ParsedLedgerPayload[] },
  fetchFn: typeof fetch,
): Promise<SlaCheck> {
  const jws = await statementText(source, fetchFn);
  let payload: SlaStatementPayload;
  try {
    if (decodeProtectedHeader(jws).typ !== SLA_JWS_TYP) return { monitor: null, period: null, holds: false, problems: [`not an SLA statement (typ is not ${SLA_JWS_TYP})`] };
    const verified = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as SlaStatementPayload;
  } catch (error) {
    return { monitor: null, period: null, holds: false, problems: [`the statement's signature does not verify: ${(error as Error).message}`] };
  }
  const base = { monitor: payload.monitor?.id ?? null, period: payload.period ?? null };
  const size = payload.checkpoint?.size;
  if (!Number.isSafeInteger(size) || size < 1) return { ...base, holds: false, problems: ['the statement names no checkpoint size'] };
  if (entries.jws.length < size) return { ...base, holds: false, problems: [`the statement was computed at size ${size}, the ledger holds ${entries.jws.length} entries`] };
  const root = toBase64(rootOfEntries(entries.jws, size));
  if (root !== payload.checkpoint.root) return { ...base, holds: false, problems: [`the statement's checkpoint root ${payload.checkpoint.root} is not this ledger's root at size ${size} (${root})`] };
  const period = { from: Date.parse(payload.period.from), to: Date.parse(payload.period.to) };
  const problems = statementDifferences(payload, statementFigures(entries.payloads.slice(0, size), payload.monitor.id, period));
  return { ...base, holds: problems.length === 0, problems };
}
