/**
 * The archive of a backup: a gzip-compressed POSIX tar written and read with node-tar
 * (npm's own tar library), so that `tar -xzf` restores one with no CrossCheck code and
 * `crosscheck restore` reads it strictly. This file only adapts the backup's sources (files
 * in memory or on disk, folders, each with its name, mode and time) to node-tar, and
 * node-tar's entries and errors to what restore checks.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Pack, Parser, type ReadEntry } from 'tar';

export type TarSource =
  | { readonly type: 'directory'; readonly name: string; readonly mode: number; readonly mtime: Date }
  | { readonly type: 'file'; readonly name: string; readonly mode: number; readonly mtime: Date; readonly content: Uint8Array }
  /** A file copied from disk; `size` is its size (it is not expected to change). */
  | { readonly type: 'file'; readonly name: string; readonly mode: number; readonly mtime: Date; readonly path: string; readonly size: number };

export interface TarEntry {
  readonly type: 'file' | 'directory';
  readonly name: string;
  readonly mode: number;
  readonly size: number;
}

/** Something wrong inside an archive: not a tar, a bad checksum, truncation, an entry of a kind a backup never holds. */
export class TarFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TarFormatError';
  }
}

/**
 * Writes `sources` as a gzip-compressed tar to a new file at `path` (created mode 0600,
 * never over an existing file, flushed to disk before it is closed). The sources are laid
 * out in a private temporary folder first, with their modes and times, and packed from there.
 */
export async function writeTarGz(path: string, sources: readonly TarSource[]): Promise<void> {
  const layout = await mkdtemp(join(tmpdir(), 'crosscheck-backup-'));
  try {
    for (const source of sources) {
      const target = join(layout, source.name);
      if (source.type === 'directory') {
        await mkdir(target, { recursive: true, mode: 0o700 });
      } else {
        await mkdir(dirname(target), { recursive: true, mode: 0o700 });
        if ('content' in source) await writeFile(target, source.content, { mode: 0o600 });
        else await copyFile(source.path, target);
      }
    }
    // Modes and times last (children before their folder), so that writing a child does not change its folder's time.
    for (const source of [...sources].reverse()) {
      const target = join(layout, source.name);
      await chmod(target, source.mode);
      await utimes(target, source.mtime, source.mtime);
    }
    const pack = new Pack({ cwd: layout, gzip: true, portable: true, noDirRecurse: true });
    for (const source of sources) pack.add(source.name);
    pack.end();
    await pipeline(pack, createWriteStream(path, { flags: 'wx', mode: 0o600, flush: true }));
  } finally {
    await rm(layout, { recursive: true, force: true });
  }
}

/**
 * Reads a tar (gzip-compressed or not) from `path` entry by entry, one after another:
 * `onEntry` gets each folder or file with its content as an async iterable (what it
 * leaves unread is skipped). Anything but regular files and folders is a TarFormatError,
 * and so is an archive that is not a tar, is corrupt, or ends early.
 */
export async function readTar(path: string, onEntry: (entry: TarEntry, content: AsyncIterable<Buffer>) => Promise<void>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (error instanceof TarFormatError || (error as NodeJS.ErrnoException).code === 'ENOENT') return reject(error);
      reject(new TarFormatError(entries === 0 ? 'it is not a tar archive (gzip-compressed or not)' : formatMessage(error), { cause: error }));
    };
    let work: Promise<void> = Promise.resolve();
    let entries = 0;
    // strict: node-tar's warnings (bad checksum, truncation, invalid entries) are errors.
    const parser = new Parser({ strict: true });
    parser.on('entry', (entry: ReadEntry) => {
      entries += 1;
      if (failed) return entry.resume();
      if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'Directory') {
        entry.resume();
        return fail(new TarFormatError(`it holds '${entry.path}', a ${entry.type} entry, which a backup never holds`));
      }
      const meta: TarEntry = { type: entry.type === 'Directory' ? 'directory' : 'file', name: entry.path, mode: entry.mode ?? 0, size: entry.size ?? 0 };
      work = work.then(async () => {
        if (failed) return void entry.resume();
        await onEntry(meta, entry as unknown as AsyncIterable<Buffer>);
        entry.resume(); // what onEntry left unread
      });
      work.catch(fail);
    });
    parser.on('error', fail);
    parser.on('end', () => {
      if (entries === 0) return fail(new TarFormatError('it is not a tar archive (gzip-compressed or not)'));
      work.then(() => (failed ? undefined : resolve()), fail);
    });
    const input = createReadStream(path);
    input.on('error', fail);
    input.pipe(parser);
  });
}

function formatMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `the archive cannot be read: ${message.replace(/^zlib: /, '')}`;
}
