/**
 * The few parts of POSIX tar (pax interchange format, POSIX.1-2001) that a backup of a
 * data folder needs: regular files and folders, written gzip-compressed, so that
 * `tar -xzf` restores one with no CrossCheck code; and a strict reader for
 * `crosscheck restore`. Names over 100 bytes and sizes over 8 GiB go into a pax
 * extended header (`path=`, `size=`), which GNU tar, bsdtar and busybox read.
 *
 * Written here rather than taken from a library because no tar library is among the
 * dependencies and these two functions are all a backup needs.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777; // 11 octal digits: 8 GiB - 1

export type TarSource =
  | { readonly type: 'directory'; readonly name: string; readonly mode: number; readonly mtime: Date }
  | { readonly type: 'file'; readonly name: string; readonly mode: number; readonly mtime: Date; readonly content: Uint8Array }
  /** A file streamed from disk; `size` must be its size (it is not expected to change). */
  | { readonly type: 'file'; readonly name: string; readonly mode: number; readonly mtime: Date; readonly path: string; readonly size: number };

export interface TarEntry {
  readonly type: 'file' | 'directory';
  readonly name: string;
  readonly mode: number;
  readonly size: number;
}

/** Something wrong inside an archive: bad checksum, truncation, an entry of a kind not written here. */
export class TarFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TarFormatError';
  }
}

/** Writes `sources` as a gzip-compressed tar to a new file at `path` (mode 0600, flushed to disk before it is closed). */
export async function writeTarGz(path: string, sources: readonly TarSource[]): Promise<void> {
  await pipeline(Readable.from(tarBlocks(sources)), createGzip(), createWriteStream(path, { flags: 'wx', mode: 0o600, flush: true }));
}

async function* tarBlocks(sources: readonly TarSource[]): AsyncGenerator<Buffer> {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  for (const source of sources) {
    const name = source.type === 'directory' ? `${source.name.replace(/\/$/, '')}/` : source.name;
    const size = source.type === 'directory' ? 0 : 'content' in source ? source.content.length : source.size;
    const mtime = Math.floor(source.mtime.getTime() / 1000);
    const pax: Record<string, string> = {};
    if (Buffer.byteLength(name) > 100) pax.path = name;
    if (size > MAX_OCTAL_SIZE) pax.size = String(size);
    if (Object.keys(pax).length > 0) {
      const records = Buffer.from(Object.entries(pax).map(([key, value]) => paxRecord(key, value)).join(''), 'utf8');
      yield header({ name: 'PaxHeader', mode: 0o600, uid, gid, size: records.length, mtime, type: 'x' });
      yield records;
      yield padding(records.length);
    }
    yield header({ name: truncateName(name), mode: source.mode, uid, gid, size: Math.min(size, MAX_OCTAL_SIZE), mtime, type: source.type === 'directory' ? '5' : '0' });
    if (source.type === 'directory') continue;
    if ('content' in source) {
      yield Buffer.from(source.content);
    } else {
      let written = 0;
      for await (const chunk of createReadStream(source.path)) {
        written += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (written !== size) throw new Error(`${source.path} changed size while it was archived (${size} -> ${written} bytes)`);
    }
    yield padding(size);
  }
  yield Buffer.alloc(2 * BLOCK); // end of archive
}

/** A pax record: `<length> <key>=<value>\n`, where the length counts itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return `${length}${body}`;
}

function truncateName(name: string): string {
  const bytes = Buffer.from(name, 'utf8');
  return bytes.length <= 100 ? name : bytes.subarray(0, 100).toString('utf8');
}

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

interface HeaderFields {
  readonly name: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly mtime: number;
  readonly type: '0' | '5' | 'x';
}

function header(fields: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(fields.name, 0, 100, 'utf8');
  octal(block, 100, 8, fields.mode & 0o7777);
  octal(block, 108, 8, fields.uid);
  octal(block, 116, 8, fields.gid);
  octal(block, 124, 12, fields.size);
  octal(block, 136, 12, fields.mtime);
  block.write(fields.type, 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.fill(' ', 148, 156);
  octal(block, 148, 7, checksum(block));
  return block;
}

/** An octal field: digits, zero-padded, then NUL. Values that do not fit are written as 0 (a pax record carries them). */
function octal(block: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8);
  block.write(`${digits.length < length ? digits.padStart(length - 1, '0') : '0'.repeat(length - 1)}\u0000`, offset, length, 'ascii');
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum;
}

/**
 * Reads a tar (gzip-compressed or not) from `path` entry by entry: `onEntry` gets each
 * folder or file with its content as an async iterable (what it leaves unread is
 * skipped). Anything but regular files, folders and pax `path`/`size` records is a
 * TarFormatError, and so is an archive that ends before its end-of-archive blocks.
 */
export async function readTar(path: string, onEntry: (entry: TarEntry, content: AsyncIterable<Buffer>) => Promise<void>): Promise<void> {
  const input = await sniffedInput(path);
  const reader = new BlockReader(input[Symbol.asyncIterator]());
  let pax: Record<string, string> = {};
  for (let first = true; ; first = false) {
    const block = await reader.read(BLOCK);
    if (first && (block.length < BLOCK || !validHeader(block))) throw new TarFormatError('it is not a tar archive (gzip-compressed or not)');
    if (block.length === 0) throw new TarFormatError('the archive ends without its end-of-archive blocks (truncated?)');
    if (block.length < BLOCK) throw new TarFormatError('the archive ends inside a header (truncated?)');
    if (block.every((byte) => byte === 0)) return;
    if (!validHeader(block)) throw new TarFormatError('a header checksum does not match (corrupt archive?)');
    const type = String.fromCharCode(block[156]!) || '0';
    let name = cString(block, 0, 100);
    const prefix = block.toString('ascii', 257, 262) === 'ustar' ? cString(block, 345, 155) : '';
    if (prefix) name = `${prefix}/${name}`;
    let size = parseOctal(block, 124, 12);
    const mode = parseOctal(block, 100, 8);
    if (type === 'x') {
      pax = parsePax(await reader.readAll(size));
      await reader.skip(padding(size).length);
      continue;
    }
    if (type === 'g') {
      await reader.skip(size + padding(size).length);
      continue;
    }
    if (pax.path !== undefined) name = pax.path;
    if (pax.size !== undefined) size = Number(pax.size);
    pax = {};
    if (type === '5') {
      await onEntry({ type: 'directory', name, mode, size: 0 }, (async function* () {})());
      continue;
    }
    if (type !== '0' && type !== '\u0000') throw new TarFormatError(`entry '${name}' is not a regular file or a folder (type '${type}')`);
    let taken = 0;
    const content = (async function* () {
      for await (const chunk of reader.stream(size)) {
        taken += chunk.length;
        yield chunk;
      }
    })();
    await onEntry({ type: 'file', name, mode, size }, content);
    await reader.skip(size - taken + padding(size).length);
  }
}

async function sniffedInput(path: string): Promise<AsyncIterable<Buffer>> {
  const head = Buffer.alloc(2);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const raw = createReadStream(path);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return raw;
  const gunzip = createGunzip();
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

function validHeader(block: Buffer): boolean {
  try {
    return parseOctal(block, 148, 8) === checksum(block);
  } catch {
    return false;
  }
}

function cString(block: Buffer, offset: number, length: number): string {
  const end = block.indexOf(0, offset);
  return block.toString('utf8', offset, end === -1 || end > offset + length ? offset + length : end);
}

function parseOctal(block: Buffer, offset: number, length: number): number {
  if (block[offset]! & 0x80) throw new TarFormatError('a header uses a base-256 number, which this reader does not take');
  const text = block.toString('ascii', offset, offset + length).replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError(`a header field is not an octal number (corrupt archive?)`);
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function parsePax(buffer: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < buffer.length) {
    const space = buffer.indexOf(0x20, at);
    const length = Number(buffer.toString('ascii', at, space));
    if (space === -1 || !Number.isSafeInteger(length) || length <= 0 || at + length > buffer.length) throw new TarFormatError('a pax header is malformed');
    const record = buffer.toString('utf8', space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return records;
}

/** Exact-length reads over a stream of chunks. */
class BlockReader {
  readonly #chunks: AsyncIterator<Buffer>;
  #buffer: Buffer = Buffer.alloc(0);
  #done = false;

  constructor(chunks: AsyncIterator<Buffer>) {
    this.#chunks = chunks;
  }

  /** Up to `n` bytes: fewer only at the end of the input. */
  async read(n: number): Promise<Buffer> {
    while (this.#buffer.length < n && !this.#done) await this.#fill();
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(out.length);
    return out;
  }

  async readAll(n: number): Promise<Buffer> {
    const out = await this.read(n);
    if (out.length < n) throw new TarFormatError('the archive ends inside an entry (truncated?)');
    return Buffer.from(out);
  }

  async *stream(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.#buffer.length === 0) {
        if (this.#done) throw new TarFormatError('the archive ends inside an entry (truncated?)');
        await this.#fill();
        continue;
      }
      const out = this.#buffer.subarray(0, Math.min(left, this.#buffer.length));
      this.#buffer = this.#buffer.subarray(out.length);
      left -= out.length;
      yield out;
    }
  }

  async skip(n: number): Promise<void> {
    for await (const _ of this.stream(n));
  }

  async #fill(): Promise<void> {
    let next: IteratorResult<Buffer>;
    try {
      next = await this.#chunks.next();
    } catch (error) {
      throw new TarFormatError(`the archive cannot be read: ${(error as Error).message}`, { cause: error });
    }
    if (next.done) this.#done = true;
    else this.#buffer = this.#buffer.length === 0 ? next.value : Buffer.concat([this.#buffer, next.value]);
  }
}
