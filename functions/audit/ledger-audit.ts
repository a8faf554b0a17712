/**
 * Audits a whole exported ledger offline: every signature, seq continuity from 1,
 * and every prev link. Stops at the first broken entry and says which and why.
 *
 * Truncation at the END cannot be seen in the entries alone (a prefix of a valid
 * ledger is a valid ledger): pass `expectHead`, the head seq the API reported.
 */
import type { JSONWebKeySet } from 'jose';
import { GENESIS_PREV, prevOf } from '../core/ledger/index.ts';
import { keySetOf, checkEntrySignature, type LedgerEntryInput, type SignedEntry } from './entry.ts';

export interface AuditOptions {
  /** The head seq the ledger is known to have; entries must end exactly there. */
  readonly expectHead?: number | undefined;
}

export interface AuditProblem {
  /** The first broken entry's seq (or the first missing seq). */
  readonly seq: number | null;
  /** One line: `entry seq 7: prev does not match SHA-256 of entry 6`. */
  readonly message: string;
}

export interface AuditReport {
  readonly valid: boolean;
  /** Entries in the input. */
  readonly count: number;
  /** The entries that verified, in order: all of them when valid, the prefix before the problem otherwise. */
  readonly entries: readonly SignedEntry[];
  readonly problem: AuditProblem | null;
  /** kids that signed the verified entries. */
  readonly kids: readonly string[];
  readonly expectHead: number | null;
}

export async function auditLedger(
  entries: readonly LedgerEntryInput[],
  jwks: JSONWebKeySet,
  options: AuditOptions = {},
): Promise<AuditReport> {
  const keys = keySetOf(jwks);
  const verified: SignedEntry[] = [];
  const report = (problem: AuditProblem | null): AuditReport => ({
    valid: problem === null,
    count: entries.length,
    entries: verified,
    problem,
    kids: [...new Set(verified.map((e) => e.kid))],
    expectHead: options.expectHead ?? null,
  });
  const seqs = new Set(entries.map((e) => e.seq));

  for (const [index, input] of entries.entries()) {
    const previous = verified.at(-1) ?? null;
    const expected = previous === null ? 1 : previous.seq + 1;
    if (!Number.isSafeInteger(input.seq) || input.seq < 1) {
      return report({ seq: expected, message: `entry #${index + 1} in the file: seq ${JSON.stringify(input.seq)} is not a positive integer` });
    }
    if (input.seq !== expected) return report(orderProblem(input.seq, expected, seqs));

    const checked = await checkEntrySignature(input, keys);
    if (!checked.ok) return report({ seq: input.seq, message: `entry seq ${input.seq}: ${checked.reason}` });
    const prev = previous === null ? GENESIS_PREV : prevOf(previous.jws);
    if (checked.entry.payload.prev !== prev) {
      return report({
        seq: input.seq,
        message:
          previous === null
            ? 'entry seq 1: prev is not the genesis value'
            : `entry seq ${input.seq}: prev does not match SHA-256 of entry ${previous.seq}`,
      });
    }
    verified.push(checked.entry);
  }

  const last = verified.at(-1)?.seq ?? 0;
  const head = options.expectHead;
  if (head !== undefined && last < head) {
    return report({
      seq: last + 1,
      message: `ledger truncated: the head is seq ${head} but the entries end at ${last === 0 ? 'nothing' : `seq ${last}`} (${range(last + 1, head)} missing)`,
    });
  }
  if (head !== undefined && last > head) {
    return report({ seq: head + 1, message: `entries go past the expected head seq ${head} (the last is seq ${last})` });
  }
  return report(null);
}

function orderProblem(seq: number, expected: number, seqs: ReadonlySet<number>): AuditProblem {
  if (seq < expected) return { seq, message: `entry seq ${seq} appears again after seq ${expected - 1}` };
  if (seqs.has(expected)) return { seq, message: `entries out of order: seq ${seq} comes before seq ${expected}` };
  if (expected === 1) return { seq: 1, message: `${range(1, seq - 1)} missing (the entries start at seq ${seq})` };
  return { seq: expected, message: `${range(expected, seq - 1)} missing (entries jump from ${expected - 1} to ${seq})` };
}

function range(from: number, to: number): string {
  return from === to ? `seq ${from}` : `seq ${from}..${to}`;
}
