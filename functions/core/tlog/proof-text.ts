/**
 * c2sp.org/tlog-proof@v1: an entry's index, its inclusion proof (one base64 hash a
 * line) and the signed checkpoint it is proven against, as one text. Computation only.
 */
import { CrossCheckError } from '../errors.ts';
import { HASH_SIZE, toBase64, type Hash } from './rfc6962.ts';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  readonly index: number;
  readonly proof: readonly Hash[];
  /** The signed checkpoint, verbatim. */
  readonly checkpoint: string;
  /** Opaque, unauthenticated extra data, when present. */
  readonly extra?: Uint8Array;
}

export class TlogProofFormatError extends CrossCheckError {}

export function formatTlogProof({ index, proof, checkpoint, extra }: TlogProof): string {
  const lines = [TLOG_PROOF_HEADER];
  if (extra !== undefined) lines.push(`extra ${Buffer.from(extra).toString('base64')}`);
  lines.push(`index ${index}`, ...proof.map(toBase64));
  return `${lines.join('\n')}\n\n${checkpoint}`;
}

/** Base64 hashes one a line, as the consistency route serves them. */
export const formatHashLines = (hashes: readonly Hash[]): string => hashes.map((h) => `${toBase64(h)}\n`).join('');

/** Reads base64 hashes one a line; TlogProofFormatError naming the bad line. */
export function parseHashLines(text: string): Hash[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new TlogProofFormatError('the hash list must end with a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      const hash = new Uint8Array(Buffer.from(line, 'base64'));
      if (hash.length !== HASH_SIZE || toBase64(hash) !== line) throw new TlogProofFormatError(`line ${i + 1} is not the base64 of a ${HASH_SIZE}-byte hash`);
      return hash;
    });
}

export function parseTlogProof(text: string): TlogProof {
  const split = text.indexOf('\n\n');
  if (split < 0) throw new TlogProofFormatError('no empty line before the checkpoint');
  const lines = text.slice(0, split).split('\n');
  if (lines.shift() !== TLOG_PROOF_HEADER) throw new TlogProofFormatError(`the first line must be ${TLOG_PROOF_HEADER}`);
  let extra: Uint8Array | undefined;
  if (lines[0]?.startsWith('extra ')) extra = new Uint8Array(Buffer.from(lines.shift()!.slice(6), 'base64'));
  const indexLine = lines.shift() ?? '';
  const match = /^index (0|[1-9][0-9]*)$/.exec(indexLine);
  if (!match || !Number.isSafeInteger(Number(match[1]))) throw new TlogProofFormatError(`expected "index <n>", got "${indexLine}"`);
  const proof = parseHashLines(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  return { index: Number(match[1]), proof, checkpoint: text.slice(split + 2), ...(extra ? { extra } : {}) };
}
