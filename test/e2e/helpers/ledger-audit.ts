/**
 * An auditor's check of the ledger, with `jose` and node:crypto only (no CrossCheck
 * code): every entry's ES256 signature against the published JWKS, `seq` counting up
 * from 1, and `prev` = base64url(SHA-256(previous compact JWS)), the first entry
 * pointing at 32 zero bytes.
 */
import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';

export interface AuditedEntry {
  readonly seq: number;
  readonly jws: string;
  readonly kid: string;
  readonly payload: { readonly seq: number; readonly prev: string; readonly type: string; readonly time: string; readonly [key: string]: unknown };
}

interface LedgerPage {
  readonly entries: { seq: number; jws: string }[];
  readonly head: number | null;
}

const ZERO_PREV = Buffer.alloc(32).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text, 'ascii').digest('base64url');

/** Reads the whole ledger from `base` (the runtime URL), page by page. */
export async function readLedger(base: string): Promise<{ entries: { seq: number; jws: string }[]; head: number | null }> {
  const entries: { seq: number; jws: string }[] = [];
  let head: number | null = null;
  for (let after = 0; ; ) {
    const res = await fetch(new URL(`v1/ledger?after=${after}&limit=100`, base));
    if (res.status !== 200) throw new Error(`GET /v1/ledger answered ${res.status}`);
    const page = (await res.json()) as LedgerPage;
    head = page.head;
    entries.push(...page.entries);
    const last = page.entries.at(-1);
    if (!last || head === null || last.seq >= head) return { entries, head };
    after = last.seq;
  }
}

export async function readJwks(base: string): Promise<JSONWebKeySet> {
  const res = await fetch(new URL('.well-known/jwks.json', base));
  if (res.status !== 200) throw new Error(`GET /.well-known/jwks.json answered ${res.status}`);
  return (await res.json()) as JSONWebKeySet;
}

/** Verifies `entries` (the whole ledger, in order) against `jwks`; throws naming the first bad entry. */
export async function auditLedger(entries: readonly { seq: number; jws: string }[], jwks: JSONWebKeySet): Promise<AuditedEntry[]> {
  const keys = createLocalJWKSet(jwks);
  const audited: AuditedEntry[] = [];
  let previous: string | null = null;
  for (const [index, entry] of entries.entries()) {
    const { payload: bytes, protectedHeader } = await compactVerify(entry.jws, keys, { algorithms: ['ES256'] });
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as AuditedEntry['payload'];
    if (payload.seq !== index + 1 || entry.seq !== payload.seq) throw new Error(`ledger position ${index + 1} holds an entry listed as seq ${entry.seq} and signed as seq ${payload.seq}`);
    const expectedPrev = previous === null ? ZERO_PREV : sha256(previous);
    if (payload.prev !== expectedPrev) throw new Error(`entry ${payload.seq}: prev ${payload.prev} is not the SHA-256 of entry ${payload.seq - 1} (${expectedPrev})`);
    audited.push({ seq: payload.seq, jws: entry.jws, kid: String(protectedHeader.kid), payload });
    previous = entry.jws;
  }
  return audited;
}
