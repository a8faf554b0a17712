/**
 * The rules of a C2SP tlog-witness's add-checkpoint, as a pure decision: the request
 * body read, the checkpoint's signature checked against the logs the witness knows, the
 * old size against the witness's record, the consistency proof verified. The caller
 * (`crosscheck witness serve`) signs the cosignature and persists the new record
 * atomically with the check. Computation only.
 */
import { parseCheckpoint } from './checkpoint.ts';
import { parseSignedNote, verifySignedNote, type VerifierKey } from './note.ts';
import { parseHashLines } from './proof-text.ts';
import { EMPTY_ROOT, sameHash, toBase64, type Hash } from './rfc6962.ts';
import { verifyConsistency } from './verify.ts';

/** The most consistency proof lines a client may send. */
export const MAX_PROOF_LINES = 63;

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Hash[];
  /** The signed checkpoint, as submitted. */
  readonly note: string;
}

/** What the witness last cosigned for a log. */
export interface WitnessRecord {
  readonly size: number;
  /** base64 root hash. */
  readonly root: string;
}

export type WitnessDecision =
  | { readonly status: 200; readonly origin: string; readonly text: string; readonly record: WitnessRecord }
  | { readonly status: 400 | 403 | 404 | 422; readonly message: string }
  | { readonly status: 409; readonly size: number };

/** `old <n>`, proof lines, an empty line, the checkpoint; throws an Error naming the fault (a 400). */
export function parseAddCheckpoint(body: string): AddCheckpointRequest {
  const split = body.indexOf('\n\n');
  if (split < 0) throw new Error('no empty line before the checkpoint');
  const [first, ...proofLines] = body.slice(0, split).split('\n');
  const match = /^old (0|[1-9][0-9]*)$/.exec(first ?? '');
  if (!match || !Number.isSafeInteger(Number(match[1]))) throw new Error('the first line must be "old <size>"');
  if (proofLines.length > MAX_PROOF_LINES) throw new Error(`more than ${MAX_PROOF_LINES} consistency proof lines`);
  const proof = parseHashLines(proofLines.length === 0 ? '' : `${proofLines.join('\n')}\n`);
  return { oldSize: Number(match[1]), proof, note: body.slice(split + 2) };
}

/** The add-checkpoint rules, in the order the spec gives them. */
export function decideAddCheckpoint(request: AddCheckpointRequest, logs: ReadonlyMap<string, readonly VerifierKey[]>, record: (origin: string) => WitnessRecord | null): WitnessDecision {
  let text: string;
  try {
    text = parseSignedNote(request.note).text;
  } catch (error) {
    return { status: 400, message: `not a signed note: ${(error as Error).message}` };
  }
  let checkpoint;
  try {
    checkpoint = parseCheckpoint(text);
  } catch (error) {
    return { status: 400, message: `not a checkpoint: ${(error as Error).message}` };
  }
  const keys = logs.get(checkpoint.origin);
  if (keys === undefined) return { status: 404, message: `unknown log ${checkpoint.origin}` };
  try {
    verifySignedNote(request.note, keys);
  } catch (error) {
    return { status: 403, message: (error as Error).message };
  }
  if (request.oldSize > checkpoint.size) return { status: 400, message: `old size ${request.oldSize} is above the checkpoint size ${checkpoint.size}` };
  const latest = record(checkpoint.origin);
  if (request.oldSize !== (latest?.size ?? 0)) return { status: 409, size: latest?.size ?? 0 };
  if (checkpoint.size === 0 && !sameHash(checkpoint.root, EMPTY_ROOT)) return { status: 422, message: 'a checkpoint of size 0 must have the empty tree root' };
  if (request.oldSize === 0) {
    if (request.proof.length > 0) return { status: 422, message: 'the proof must be empty from size 0' };
  } else if (request.oldSize === checkpoint.size) {
    if (toBase64(checkpoint.root) !== latest!.root) return { status: 422, message: `a different root for size ${checkpoint.size}: the log forked` };
  } else {
    try {
      verifyConsistency(request.oldSize, checkpoint.size, request.proof, new Uint8Array(Buffer.from(latest!.root, 'base64')), checkpoint.root);
    } catch (error) {
      return { status: 422, message: `not consistent with size ${request.oldSize}: ${(error as Error).message}` };
    }
  }
  return { status: 200, origin: checkpoint.origin, text, record: { size: checkpoint.size, root: toBase64(checkpoint.root) } };
}
