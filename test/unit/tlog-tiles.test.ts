/** C2SP tlog-tiles: paths, widths of full and partial tiles, the nodes a tile holds, entry bundles. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.ts';
import {
  decodeEntryBundle,
  encodeEntryBundle,
  encodeTileIndex,
  parseTilePath,
  tileNodes,
  tilePath,
  tileWidthAt,
} from '../../functions/core/tlog/tiles.ts';

describe('tile paths', () => {
  it.each([
    [0, '000'],
    [7, '007'],
    [999, '999'],
    [1000, 'x001/000'],
    [1234067, 'x001/x234/067'],
    [1_000_000, 'x001/x000/000'],
  ])('index %d is %s', (index, path) => {
    expect(encodeTileIndex(index)).toBe(path);
    expect(parseTilePath(`0/${path}`)).toEqual({ level: 0, index, width: 256 });
  });

  it('writes and reads partial tiles and entry bundles', () => {
    expect(tilePath({ level: 1, index: 1234067, width: 17 })).toBe('1/x001/x234/067.p/17');
    expect(parseTilePath('1/x001/x234/067.p/17')).toEqual({ level: 1, index: 1234067, width: 17 });
    expect(tilePath({ level: 'entries', index: 3, width: 256 })).toBe('entries/003');
    expect(parseTilePath('entries/003.p/1')).toEqual({ level: 'entries', index: 3, width: 1 });
  });

  it.each([
    ['64/000', /level must be 0 to 63/],
    ['01/000', /level/],
    ['0/7', /three digits/],
    ['0/001/002', /x and three digits/],
    ['0/x000/001', /leading x000/],
    ['0/000.p/256', /partial width must be 1 to 255/],
    ['0/000.p/0', /partial width/],
    ['0/000.p/010', /partial width/],
    ['0', /index is missing/],
    ['level/000', /level/],
  ])('refuses %s', (path, message) => {
    expect(() => parseTilePath(path)).toThrow(ValidationError);
    expect(() => parseTilePath(path)).toThrow(message);
  });
});

describe('tile widths (the spec\'s examples)', () => {
  it('a tree of 70,000: 273 full level-0 tiles, one of 112; one full level-1 tile, one of 17; a level-2 tile of 1', () => {
    expect(tileWidthAt(0, 272, 70_000)).toBe(256);
    expect(tileWidthAt(0, 273, 70_000)).toBe(112);
    expect(tileWidthAt(0, 274, 70_000)).toBe(0);
    expect(tileWidthAt(1, 0, 70_000)).toBe(256);
    expect(tileWidthAt(1, 1, 70_000)).toBe(17);
    expect(tileWidthAt(2, 0, 70_000)).toBe(1);
    expect(tileWidthAt(3, 0, 70_000)).toBe(0);
  });

  it('a tree of 256: one full level-0 tile and a level-1 tile of width 1', () => {
    expect(tileWidthAt(0, 0, 256)).toBe(256);
    expect(tileWidthAt(0, 1, 256)).toBe(0);
    expect(tileWidthAt(1, 0, 256)).toBe(1);
  });

  it('a level-1 tile holds level-8 nodes', () => {
    expect(tileNodes({ level: 1, index: 2, width: 2 })).toEqual([
      { level: 8, index: 512 },
      { level: 8, index: 513 },
    ]);
  });
});

describe('entry bundles', () => {
  it('are uint16 big-endian length-prefixed entries, and read back', () => {
    const bundle = encodeEntryBundle([Buffer.from('ab'), new Uint8Array(300)]);
    expect([...bundle.subarray(0, 4)]).toEqual([0, 2, 0x61, 0x62]);
    expect([...bundle.subarray(4, 6)]).toEqual([1, 44]);
    expect(decodeEntryBundle(bundle).map((e) => e.length)).toEqual([2, 300]);
  });

  it('a truncated bundle is refused', () => {
    const bundle = encodeEntryBundle([Buffer.from('abc')]);
    expect(() => decodeEntryBundle(bundle.subarray(0, 4))).toThrow(/runs past the end/);
    expect(() => decodeEntryBundle(Uint8Array.of(0))).toThrow(/truncated in the length/);
  });
});
