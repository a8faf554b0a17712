/**
 * Ledger entries: what each signed entry says. An entry is a compact JWS (ES256)
 * whose payload is `{seq, prev, type, time, ...body}`.
 */

export type LedgerEntryType =
  | 'incident.opened'
  | 'incident.resolved'
  | 'monitor.created'
  | 'monitor.updated'
  | 'monitor.deleted'
  | 'agent.registered'
  | 'agent.key'
  | 'agent.revoked'
  | 'incident.updated'
  | 'maintenance.announced';

export const LEDGER_ENTRY_TYPES: readonly LedgerEntryType[] = [
  'incident.opened',
  'incident.resolved',
  'monitor.created',
  'monitor.updated',
  'monitor.deleted',
  'agent.registered',
  'agent.key',
  'agent.revoked',
  'incident.updated',
  'maintenance.announced',
];

/**
 * `prev` of the first entry (seq 1): base64url of 32 zero bytes, i.e. a SHA-256
 * that no compact JWS has. Every later entry's `prev` is `prevOf(previous jws)`.
 */
export const GENESIS_PREV = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Fields the writer owns; a body may not set them. */
export const RESERVED_PAYLOAD_FIELDS = ['seq', 'prev', 'type', 'time', 'evidence'] as const;

export interface LedgerPayloadHeader {
  /** 1, 2, 3, ... with no gaps. */
  readonly seq: number;
  /** base64url(SHA-256(ASCII of the previous entry's compact JWS)); GENESIS_PREV for seq 1. */
  readonly prev: string;
  readonly type: LedgerEntryType;
  /** RFC 3339, when the entry was written. */
  readonly time: string;
  /** base64url(SHA-256) of the evidence document stored beside the entry, when there is one. */
  readonly evidence?: string;
}

export type LedgerPayload = LedgerPayloadHeader & Readonly<Record<string, unknown>>;

/** The protected header of every entry. */
export interface LedgerJwsHeader {
  readonly alg: 'ES256';
  readonly kid: string;
  readonly typ: typeof LEDGER_JWS_TYP;
}

/** Media type of a ledger entry (RFC 7515 `typ`, without the `application/` prefix). */
export const LEDGER_JWS_TYP = 'crosscheck-ledger+jws';
