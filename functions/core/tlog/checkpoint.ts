/**
 * C2SP tlog-checkpoint note text: origin, tree size, base64 root hash, each on its own
 * line. Computation only, no I/O.
 */
import { CrossCheckError } from '../errors.ts';
import { HASH_SIZE, toBase64, type Hash } from './rfc6962.ts';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Hash;
}

/** A checkpoint text that does not follow the format. */
export class CheckpointFormatError extends CrossCheckError {}

/** An origin: non-empty, no Unicode spaces, no plus (it is also the key name of the log's signatures). */
export function checkOrigin(origin: string): string | null {
  if (origin.length === 0) return 'must not be empty';
  if (/[\s+]/u.test(origin)) return 'must contain neither spaces nor "+"';
  if (/[\u0000-\u001f\u007f]/.test(origin)) return 'must not contain control characters';
  if (origin.includes('\u2014')) return 'must not contain an em dash';
  return null;
}

export function formatCheckpoint({ origin, size, root }: Checkpoint): string {
  const problem = checkOrigin(origin);
  if (problem !== null) throw new CheckpointFormatError(`origin ${problem}`);
  if (!Number.isSafeInteger(size) || size < 0) throw new CheckpointFormatError('size must be a non-negative integer');
  if (root.length !== HASH_SIZE) throw new CheckpointFormatError(`root must be ${HASH_SIZE} bytes`);
  return `${origin}\n${size}\n${toBase64(root)}\n`;
}

/** Reads a checkpoint's note text (the part before the signatures); extension lines are kept, not interpreted. */
export function parseCheckpoint(text: string): Checkpoint & { readonly extensions: readonly string[] } {
  if (!text.endsWith('\n')) throw new CheckpointFormatError('the checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointFormatError(`a checkpoint has at least three lines (origin, size, root), this one ${lines.length}`);
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  const problem = checkOrigin(origin);
  if (problem !== null) throw new CheckpointFormatError(`origin ${problem}`);
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw new CheckpointFormatError(`tree size "${size}" is not a decimal number without leading zeros`);
  const hash = new Uint8Array(Buffer.from(root, 'base64'));
  if (hash.length !== HASH_SIZE || toBase64(hash) !== root) throw new CheckpointFormatError(`root hash "${root}" is not the base64 of ${HASH_SIZE} bytes`);
  if (extensions.some((line) => line.length === 0)) throw new CheckpointFormatError('extension lines must not be empty');
  return { origin, size: Number(size), root: hash, extensions };
}
