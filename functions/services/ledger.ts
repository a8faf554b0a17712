/**
 * The ledger writer: turns an event (type, idempotency key, body, evidence) into the
 * next signed, hash-chained entry. The store's conditional append (seq and key must be
 * free) is the only guard against forks; the writer just retries with the new head
 * when another writer took the seq first. A monitor change given with the event goes
 * into the same atomic append (see LedgerStore.append).
 */
import { ConflictError, CrossCheckError, MonitorChangedError } from '../core/errors.ts';
import {
  GENESIS_PREV,
  RESERVED_PAYLOAD_FIELDS,
  assembleCompactJws,
  canonicalJson,
  ledgerSigningInput,
  prevOf,
  sha256Base64url,
  type LedgerEntryType,
  type LedgerPayload,
} from '../core/ledger/index.ts';
import type { Clock } from '../ports/clock.ts';
import type { LedgerRecord, LedgerStore } from '../ports/ledger-store.ts';
import type { LedgerAppend, LedgerWriter } from '../ports/ledger-writer.ts';
import type { Signer } from '../ports/signer.ts';

export type { LedgerEntryType } from '../core/ledger/index.ts';
export type { LedgerAppend, LedgerWriter } from '../ports/ledger-writer.ts';

export interface LedgerWriterDeps {
  readonly ledger: LedgerStore;
  readonly signer: Signer;
  readonly clock: Clock;
}

export interface LedgerWriterOptions {
  /** Appends tried before giving up when other writers keep taking the next seq. @default 32 */
  readonly maxAttempts?: number;
}

export function createLedgerWriter(deps: LedgerWriterDeps, options: LedgerWriterOptions = {}): LedgerWriter {
  const maxAttempts = options.maxAttempts ?? 32;
  let kid: Promise<string> | null = null;
  // Appends from this process go one at a time: they would only race each other for
  // the same seq. Other processes (other Lambdas) are handled by the retry below.
  let tail: Promise<unknown> = Promise.resolve();

  /** The signer's kid, asked once; asked again after a failure. */
  async function kidOf(): Promise<string> {
    const pending = (kid ??= deps.signer.publicJwk().then((jwk) => jwk.kid));
    try {
      return await pending;
    } catch (error) {
      if (kid === pending) kid = null;
      throw error;
    }
  }

  async function appendOnce(input: LedgerAppend): Promise<LedgerRecord> {
    for (const field of RESERVED_PAYLOAD_FIELDS) {
      if (Object.hasOwn(input.body, field)) throw new CrossCheckError(`ledger entry ${input.type}: the body may not set '${field}'`);
    }
    const evidenceJson = input.evidence === undefined ? undefined : canonicalJson(input.evidence);
    const evidence = evidenceJson === undefined ? undefined : { sha256: sha256Base64url(evidenceJson), json: evidenceJson };
    const keyId = await kidOf();

    let lost: unknown = null;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const existing = await deps.ledger.byKey(input.key);
      if (existing !== null) return sameType(existing, input);
      const head = await deps.ledger.head();
      const payload: LedgerPayload = {
        seq: head === null ? 1 : head.seq + 1,
        prev: head === null ? GENESIS_PREV : prevOf(head.jws),
        type: input.type,
        time: entryTime(deps.clock.now(), head),
        ...input.body,
        ...(evidence ? { evidence: evidence.sha256 } : {}),
      };
      const signingInput = ledgerSigningInput(keyId, payload);
      const signature = await deps.signer.sign(Buffer.from(signingInput, 'ascii'));
      const record: LedgerRecord = {
        seq: payload.seq,
        jws: assembleCompactJws(signingInput, signature),
        type: payload.type,
        key: input.key,
        time: payload.time,
        evidenceSha256: evidence?.sha256 ?? null,
      };
      try {
        await deps.ledger.append(record, evidence, input.monitorChange);
        return record;
      } catch (error) {
        // A monitor change that lost its own condition would lose it again at any seq.
        if (!(error instanceof ConflictError) || error instanceof MonitorChangedError) throw error;
        lost = error; // another writer took this seq (or this key): look again
      }
    }
    throw new ConflictError(`ledger entry ${input.key}: lost the race for the next seq ${maxAttempts} times`, { cause: lost });
  }

  return {
    append(input) {
      const run = tail.then(() => appendOnce(input));
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

/** An idempotent repeat must be the same event, not a different one reusing the key. */
function sameType(existing: LedgerRecord, input: LedgerAppend): LedgerRecord {
  if (existing.type !== input.type) {
    throw new ConflictError(`ledger key ${input.key} belongs to a ${existing.type} entry (seq ${existing.seq}), not ${input.type}`);
  }
  return existing;
}

/** Now, but never before the head's time: entry times never go backwards, even across skewed clocks. */
function entryTime(now: number, head: LedgerRecord | null): string {
  const headTime = head === null ? Number.NEGATIVE_INFINITY : Date.parse(head.time);
  return new Date(Math.max(now, headTime)).toISOString();
}
