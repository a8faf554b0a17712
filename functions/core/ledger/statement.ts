/**
 * Signed SLA statements: a JWS (ES256) with the ledger's key, like an entry but of its own
 * type (`typ: crosscheck-sla+jws`), so that a statement can never pass for an entry. Its
 * payload says what the log, at a named checkpoint, gives for one monitor over a period.
 */
import { CrossCheckError } from '../errors.ts';
import { MAX_SIGNING_INPUT_BYTES } from './jws.ts';

export const SLA_JWS_TYP = 'crosscheck-sla+jws';

export interface SlaStatementPayload {
  readonly type: 'sla.statement';
  readonly monitor: { readonly id: string; readonly name: string };
  /** RFC 3339, from inclusive to exclusive. */
  readonly period: { readonly from: string; readonly to: string };
  readonly observedMs: number;
  readonly downtimeMs: number;
  /** 1 - downtime / observed; null when nothing was observed. */
  readonly uptime: number | null;
  /** The incidents overlapping the period, by id, with the seqs of their ledger entries. */
  readonly incidents: ReadonlyArray<{ readonly id: string; readonly opened: number; readonly resolved: number | null }>;
  /** The checkpoint whose entries gave these figures: entries 1..size. */
  readonly checkpoint: { readonly origin: string; readonly size: number; readonly root: string };
  readonly issuedAt: string;
}

export class StatementTooLargeError extends CrossCheckError {}

const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** `BASE64URL(header) || '.' || BASE64URL(payload)`; StatementTooLargeError above the signer's limit. */
export function statementSigningInput(kid: string, payload: SlaStatementPayload): string {
  const input = `${b64url(JSON.stringify({ alg: 'ES256', kid, typ: SLA_JWS_TYP }))}.${b64url(JSON.stringify(payload))}`;
  if (input.length > MAX_SIGNING_INPUT_BYTES) {
    throw new StatementTooLargeError(`the statement lists ${payload.incidents.length} incidents, over the ${MAX_SIGNING_INPUT_BYTES}-byte signing limit; ask for a shorter period`);
  }
  return input;
}

/**
 * Whether `input` is a statement's signing input and nothing else: the header of an SLA
 * statement (never a ledger entry's) and a payload of type `sla.statement`. The recorder
 * signs only what passes, so its key cannot be made to sign an entry this way.
 */
export function statementInputProblem(input: string, kid: string): string | null {
  const parts = input.split('.');
  if (parts.length !== 2 || input.length > MAX_SIGNING_INPUT_BYTES) return 'not a JWS signing input (two base64url parts, at most 4096 bytes)';
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (header['typ'] !== SLA_JWS_TYP || header['alg'] !== 'ES256' || header['kid'] !== kid || Object.keys(header).length !== 3) return `the header must be {alg: ES256, kid: ${kid}, typ: ${SLA_JWS_TYP}}`;
    if (payload['type'] !== 'sla.statement') return 'the payload must be of type sla.statement';
  } catch {
    return 'header and payload must be base64url JSON';
  }
  return null;
}
