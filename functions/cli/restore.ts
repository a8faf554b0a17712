/**
 * `crosscheck restore <file> [--data-dir <dir>]`: a backup made by `crosscheck backup`
 * back into a new data folder. The archive is unpacked into a private folder beside the
 * target, taking only the files a backup holds, then checked as the backup was (a whole
 * CrossCheck database, a usable key, every ledger entry verified against it), and only
 * then renamed into place: a refused restore leaves nothing behind, and an existing,
 * non-empty folder is never written into.
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { exists, reason, Refusal, runFileCommand, stagingFolder, writeFailure } from './backup.ts';
import { checkDataFiles, DATA_FILES, DataFolderError, type FolderSummary } from './data-folder.ts';
import { type CliIo, EXIT_FAILED, EXIT_USAGE } from './io.ts';
import { readTar, TarFormatError, type TarEntry } from './tar.ts';

export const RESTORE_USAGE = `crosscheck restore <file> [--data-dir <dir>]
  Restores a backup made by 'crosscheck backup' into a new data folder, after checking
  it: only the files a backup holds, a whole CrossCheck database, and every ledger entry
  verified against the signing key in it. Never writes into an existing folder (an
  empty one is fine); a refused restore leaves nothing behind.
      --data-dir <dir>     the new data folder (default ./.crosscheck)
  Then start it: npm start -- --data-dir <dir>
  Exit 0: restored. 1: the backup is corrupt or does not verify, or the folder cannot
  be written (nothing written). 2: usage error, no such <file>, or the folder exists.
`;

export async function restoreCommand(argv: string[], io: CliIo): Promise<number> {
  return runFileCommand('restore', RESTORE_USAGE, argv, io, async (file, dataDir) => {
    const summary = await restoreBackup(file, dataDir);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.stdout.write(
      [
        `Restored ${file} into ${dataDir}: ${plural(summary.monitors, 'monitor')}, ${plural(summary.incidents, 'incident')} (${summary.openIncidents} open), ledger head ${summary.ledgerHead}, every entry verified against the restored key (kid ${summary.kid}).`,
        `Start it with: npm start -- --data-dir ${dataDir}`,
        '',
      ].join('\n'),
    );
  });
}

async function restoreBackup(file: string, dataDir: string): Promise<FolderSummary> {
  await requireNewFolder(dataDir);
  await requireReadable(file);
  const staging = await stagingFolder(dataDir);
  try {
    await chmod(staging, 0o700);
    try {
      await readTar(file, (entry, content) => unpack(staging, entry, content));
    } catch (error) {
      if (error instanceof TarFormatError) throw new Refusal(`${file} is not a readable backup: ${error.message}`, EXIT_FAILED);
      throw new Refusal(`cannot restore ${file} into ${dataDir}: ${reason(error)}`, EXIT_FAILED, { cause: error });
    }
    for (const name of [DATA_FILES.database, DATA_FILES.signingKey]) {
      if (!(await exists(join(staging, name)))) throw new Refusal(`${file} is not a CrossCheck backup: it holds no ${name}`, EXIT_FAILED);
    }
    let summary: FolderSummary;
    try {
      summary = await checkDataFiles({
        database: join(staging, DATA_FILES.database),
        signingKey: await readFile(join(staging, DATA_FILES.signingKey), 'utf8'),
        adminToken: (await exists(join(staging, DATA_FILES.adminToken))) ? await readFile(join(staging, DATA_FILES.adminToken), 'utf8') : null,
      });
    } catch (error) {
      if (!(error instanceof DataFolderError)) throw error;
      throw new Refusal(`${file} does not restore a working data folder: ${error.message}`, EXIT_FAILED);
    }
    try {
      // rename() replaces an empty folder and refuses a non-empty one, atomically.
      await rename(staging, dataDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') throw existsRefusal(dataDir);
      throw writeFailure(dataDir, error);
    }
    return summary;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function requireNewFolder(dataDir: string): Promise<void> {
  let info;
  try {
    info = await stat(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Refusal(`cannot look at ${dataDir}: ${reason(error)}`, EXIT_FAILED);
  }
  if (!info.isDirectory() || (await readdir(dataDir)).length > 0) throw existsRefusal(dataDir);
}

const existsRefusal = (dataDir: string) =>
  new Refusal(`${dataDir} exists and is not an empty folder; restore only into a new data folder (move that one away, or give another --data-dir)`, EXIT_USAGE);

async function requireReadable(file: string): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Refusal(`no such file: ${file}`, EXIT_USAGE);
    throw new Refusal(`cannot read ${file}: ${reason(error)}`, EXIT_FAILED);
  }
  if (!info.isFile()) throw new Refusal(`${file} is not a file`, EXIT_USAGE);
}

/**
 * The names a backup holds: the database, the key and the token at the top, and the
 * outbox folder with what is under it. `./` in front is taken (an archive made with
 * `tar -C <dir> .`); anything else, or any `..`, and the archive is refused.
 */
function allowedName(raw: string, type: TarEntry['type']): string | null {
  const name = raw.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (name === '' || name === '.') return type === 'directory' ? '' : null;
  const parts = name.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return null;
  if (parts.length === 1) {
    if (type === 'directory') return name === DATA_FILES.outbox ? name : null;
    return ([DATA_FILES.database, DATA_FILES.signingKey, DATA_FILES.adminToken, DATA_FILES.noteKey] as readonly string[]).includes(name) ? name : null;
  }
  return parts[0] === DATA_FILES.outbox ? name : null;
}

async function unpack(staging: string, entry: TarEntry, content: AsyncIterable<Buffer>): Promise<void> {
  const name = allowedName(entry.name, entry.type);
  if (name === null) throw new TarFormatError(`it holds '${entry.name}', which is not part of a CrossCheck data folder`);
  if (name === '') return;
  const path = join(staging, name);
  if (entry.type === 'directory') {
    await mkdir(path, { recursive: true, mode: 0o700 });
    return;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    await pipeline(content, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new TarFormatError(`it holds '${entry.name}' twice`);
    throw error;
  }
  const { size } = await stat(path);
  if (size !== entry.size) throw new TarFormatError(`'${entry.name}' is cut short (${size} of ${entry.size} bytes)`);
}
