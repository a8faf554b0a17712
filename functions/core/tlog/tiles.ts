/**
 * C2SP tlog-tiles: paths, widths and contents of tiles and entry bundles. A tile at
 * level L holds up to 256 hashes of tree level 8L; an entry bundle holds up to 256
 * entries, each as a big-endian uint16 length and its bytes. Computation only, no I/O.
 */
import { CrossCheckError, ValidationError } from '../errors.ts';
import type { NodeId } from './nodes.ts';

/** Hashes per full tile, entries per full bundle. */
export const TILE_WIDTH = 256;
/** Tree levels per tile level. */
export const TILE_HEIGHT = 8;
/** The highest tile level the spec allows. */
export const MAX_TILE_LEVEL = 63;

export interface TileRef {
  /** A tile level 0..63, or 'entries' for an entry bundle. */
  readonly level: number | 'entries';
  readonly index: number;
  /** 256 for a full tile, 1..255 for a partial one. */
  readonly width: number;
}

/** `1234067` -> `x001/x234/067`: zero-padded 3-digit elements, all but the last with an `x`. */
export function encodeTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new CrossCheckError(`a tile index must be a non-negative integer, got ${index}`);
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

/** `<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`, below `tile/`. */
export function tilePath({ level, index, width }: TileRef): string {
  return `${level}/${encodeTileIndex(index)}${width === TILE_WIDTH ? '' : `.p/${width}`}`;
}

const fail = (message: string): never => {
  throw new ValidationError([{ path: 'tile', message }]);
};

/** Reads the part of a tile URL after `tile/`; ValidationError naming what is wrong. */
export function parseTilePath(path: string): TileRef {
  const parts = path.split('/');
  const head = parts.shift();
  let level: number | 'entries';
  if (head === 'entries') level = 'entries';
  else if (head !== undefined && /^(0|[1-9][0-9]?)$/.test(head) && Number(head) <= MAX_TILE_LEVEL) level = Number(head);
  else return fail(`level must be 0 to ${MAX_TILE_LEVEL} (no leading zeros) or "entries", got "${head ?? ''}"`);

  let width = TILE_WIDTH;
  if (parts.length >= 2 && parts[parts.length - 2]!.endsWith('.p')) {
    const w = parts.pop()!;
    if (!/^[1-9][0-9]{0,2}$/.test(w) || Number(w) >= TILE_WIDTH) fail(`a partial width must be 1 to 255 (no leading zeros), got "${w}"`);
    width = Number(w);
    parts[parts.length - 1] = parts[parts.length - 1]!.slice(0, -2);
  }
  if (parts.length === 0) fail('the tile index is missing');
  let index = 0;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (!(last ? /^[0-9]{3}$/ : /^x[0-9]{3}$/).test(part)) fail(`index element "${part}" must be ${last ? 'three digits' : 'x and three digits'}`);
    index = index * 1000 + Number(last ? part : part.slice(1));
  });
  if (parts.length > 1 && parts[0] === 'x000') fail('the index has a leading x000 element');
  if (!Number.isSafeInteger(index)) fail('the index is too large');
  return { level, index, width };
}

/** Leaves one hash of a level-`level` tile spans: 256^level. */
const leavesPerHash = (level: number): number => TILE_WIDTH ** level;

/**
 * Width of the tile (`level`, `index`) in a tree of `size`: 256 when full, the partial
 * width when it is the rightmost one, 0 when the tree does not reach it.
 * (An entry bundle has the width of the level-0 tile of the same index.)
 */
export function tileWidthAt(level: number, index: number, size: number): number {
  const hashes = Math.floor(size / leavesPerHash(level));
  const before = index * TILE_WIDTH;
  if (hashes <= before) return 0;
  return Math.min(TILE_WIDTH, hashes - before);
}

/** The nodes a tile's hashes are: tree level 8L, indexes index*256 .. index*256 + width - 1. */
export function tileNodes({ level, index, width }: { level: number; index: number; width: number }): NodeId[] {
  return Array.from({ length: width }, (_, i) => ({ level: TILE_HEIGHT * level, index: index * TILE_WIDTH + i }));
}

/** The leaf indexes of an entry bundle: index*256 .. index*256 + width - 1. */
export const bundleLeaves = (index: number, width: number): { start: number; end: number } => ({ start: index * TILE_WIDTH, end: index * TILE_WIDTH + width });

/** Entries as one bundle: each a big-endian uint16 length, then its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  const total = entries.reduce((sum, entry) => sum + 2 + entry.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const entry of entries) {
    if (entry.length > 0xffff) throw new CrossCheckError(`an entry of ${entry.length} bytes does not fit a uint16 length`);
    out[at] = entry.length >> 8;
    out[at + 1] = entry.length & 0xff;
    out.set(entry, at + 2);
    at += 2 + entry.length;
  }
  return out;
}

/** The entries of a bundle; throws on a truncated one. */
export function decodeEntryBundle(bundle: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (at + 2 > bundle.length) throw new CrossCheckError(`entry bundle truncated in the length at byte ${at}`);
    const length = (bundle[at]! << 8) | bundle[at + 1]!;
    if (at + 2 + length > bundle.length) throw new CrossCheckError(`entry bundle truncated: an entry of ${length} bytes at byte ${at} runs past the end`);
    entries.push(bundle.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}
