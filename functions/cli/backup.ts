/**
 * `crosscheck backup <file> [--data-dir <dir>]`: a consistent copy of a local data
 * folder, taken while the runtime runs, as one gzip-compressed tar that `crosscheck
 * restore` (or `tar -xzf`) turns back into a data folder. The database is snapshotted
 * with SQLite's `VACUUM INTO` over a read-only connection (no lock of the runtime is
 * taken), then checked as a restore checks it before anything is written. The file is
 * created mode 0600 beside its final name and linked into place whole: a failed or
 * refused backup leaves nothing behind and never overwrites a file.
 */
import { chmod, link, lstat, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkDataFiles, DATA_FILES, DataFolderError, snapshotDatabase, type FolderSummary } from './data-folder.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';
import { writeTarGz, type TarSource } from './tar.ts';

export const BACKUP_USAGE = `crosscheck backup <file> [--data-dir <dir>]
  Writes a consistent snapshot of a local data folder to <file>, a gzip-compressed tar,
  also while the runtime is running: the database (SQLite's VACUUM INTO over a read-only
  connection, without the runtime's lock), the ledger signing key, the admin token and
  the outbox. The snapshot is checked first, as a restore checks it: the database is
  whole and every ledger entry verifies against the key.
  <file> holds the signing key and the admin token: it is written mode 0600.
      --data-dir <dir>     the data folder (default ./.crosscheck)
  Restore: crosscheck restore <file> --data-dir <new folder>
       or: mkdir -m 700 <new folder> && tar -xzf <file> -C <new folder>
  Exit 0: written. 1: it could not be written, or the data folder does not verify
  (nothing written). 2: usage error, no data folder there, or <file> exists.
`;

const OPTIONS = { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** A backup or restore refused or failed: one line for the user, and the exit code. */
export class Refusal extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'Refusal';
    this.exitCode = exitCode;
  }
}

export async function backupCommand(argv: string[], io: CliIo): Promise<number> {
  return runFileCommand('backup', BACKUP_USAGE, argv, io, async (file, dataDir) => {
    const made = await writeBackup(dataDir, file);
    io.stdout.write(report(made));
  });
}

/** Shared by backup and restore: flags, the one-line refusals, exit codes. */
export async function runFileCommand(
  name: string,
  usage: string,
  argv: string[],
  io: CliIo,
  run: (file: string, dataDir: string) => Promise<void>,
): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (parsed.values.help) {
      io.stdout.write(usage);
      return EXIT_OK;
    }
    if (parsed.positionals.length !== 1) throw new UsageError(`expected one <file>, got ${parsed.positionals.length}`);
    await run(resolve(parsed.positionals[0]!), resolve(parsed.values['data-dir'] ?? '.crosscheck'));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`crosscheck ${name}: ${error.message} (see crosscheck ${name} --help)\n`);
      return EXIT_USAGE;
    }
    if (error instanceof Refusal) {
      io.stderr.write(`crosscheck ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

interface Backup {
  readonly file: string;
  readonly bytes: number;
  readonly takenAt: Date;
  readonly summary: FolderSummary;
  readonly hasToken: boolean;
  /** null when the data folder has no outbox yet. */
  readonly outboxFiles: number | null;
}

async function writeBackup(dataDir: string, file: string): Promise<Backup> {
  await requireDataFolder(dataDir);
  if (await exists(file)) throw new Refusal(`${file} exists; a backup never overwrites a file: give a new name`, EXIT_USAGE);
  const staging = await stagingFolder(file);
  try {
    const database = join(staging, DATA_FILES.database);
    const takenAt = new Date();
    try {
      snapshotDatabase(join(dataDir, DATA_FILES.database), database);
    } catch (error) {
      if (!(error instanceof DataFolderError)) throw writeFailure(file, error);
      throw error.foreign
        ? new Refusal(`${dataDir} is not a CrossCheck data folder: ${error.message}`, EXIT_USAGE)
        : new Refusal(`cannot take a snapshot of ${dataDir}: ${error.message}`, EXIT_FAILED);
    }
    const signingKey = await readDataFile(join(dataDir, DATA_FILES.signingKey));
    const adminToken = await readDataFile(join(dataDir, DATA_FILES.adminToken), { optional: true });
    const noteKey = await readDataFile(join(dataDir, DATA_FILES.noteKey), { optional: true });
    let summary: FolderSummary;
    try {
      summary = await checkDataFiles({ database, signingKey: signingKey.toString('utf8'), adminToken: adminToken?.toString('utf8') ?? null });
    } catch (error) {
      if (!(error instanceof DataFolderError)) throw error;
      throw new Refusal(`the data folder ${dataDir} does not verify, so no backup was written: ${error.message}`, EXIT_FAILED);
    }
    // The outbox after the snapshot: it may hold an alert newer than the database, never
    // miss one the database says was sent (its .sent/ markers keep a restored runtime from
    // writing that alert twice).
    const outbox = await outboxSources(join(dataDir, DATA_FILES.outbox));
    const { size } = await stat(database);
    const sources: TarSource[] = [
      { type: 'file', name: DATA_FILES.database, mode: 0o600, mtime: takenAt, path: database, size },
      { type: 'file', name: DATA_FILES.signingKey, mode: 0o600, mtime: takenAt, content: signingKey },
      ...(adminToken === null ? [] : [{ type: 'file', name: DATA_FILES.adminToken, mode: 0o600, mtime: takenAt, content: adminToken } as const]),
      // The log's Ed25519 key: without it the restored log could not sign checkpoints its witnesses accept.
      ...(noteKey === null ? [] : [{ type: 'file', name: DATA_FILES.noteKey, mode: 0o600, mtime: takenAt, content: noteKey } as const]),
      ...outbox,
    ];
    const archive = join(staging, 'backup.tar.gz');
    try {
      await writeTarGz(archive, sources);
      await chmod(archive, 0o600);
    } catch (error) {
      throw writeFailure(file, error);
    }
    await placeWithoutOverwriting(archive, file);
    return {
      file,
      bytes: (await stat(file)).size,
      takenAt,
      summary,
      hasToken: adminToken !== null,
      outboxFiles: outbox.length === 0 ? null : outbox.filter((s) => s.type === 'file').length,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function requireDataFolder(dataDir: string): Promise<void> {
  let info;
  try {
    info = await stat(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Refusal(`no data folder at ${dataDir} (give it with --data-dir <dir>)`, EXIT_USAGE);
    throw new Refusal(`cannot read the data folder ${dataDir}: ${reason(error)}`, EXIT_FAILED);
  }
  if (!info.isDirectory()) throw new Refusal(`${dataDir} is not a folder (give the data folder with --data-dir <dir>)`, EXIT_USAGE);
  for (const name of [DATA_FILES.database, DATA_FILES.signingKey]) {
    if (!(await exists(join(dataDir, name)))) throw new Refusal(`${dataDir} is not a CrossCheck data folder: it has no ${name}`, EXIT_USAGE);
  }
}

/** A private folder beside `file` for the work in progress: same file system, so the result can be linked into place. */
export async function stagingFolder(file: string): Promise<string> {
  try {
    return await mkdtemp(join(dirname(file), `.${basename(file)}.`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Refusal(`cannot write ${file}: the folder ${dirname(file)} does not exist`, EXIT_FAILED);
    throw writeFailure(file, error);
  }
}

/** Puts `from` at `to` unless something is there already: `link` refuses an existing name atomically. */
async function placeWithoutOverwriting(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new Refusal(`${to} exists; a backup never overwrites a file: give a new name`, EXIT_USAGE);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw writeFailure(to, error);
  }
  // A file system without hard links: check, then rename (the window between is tiny).
  if (await exists(to)) throw new Refusal(`${to} exists; a backup never overwrites a file: give a new name`, EXIT_USAGE);
  try {
    await rename(from, to);
  } catch (error) {
    throw writeFailure(to, error);
  }
}

async function outboxSources(outbox: string): Promise<TarSource[]> {
  let entries;
  try {
    entries = await readdir(outbox, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Refusal(`cannot read ${outbox}: ${reason(error)}`, EXIT_FAILED);
  }
  const sources: TarSource[] = [{ type: 'directory', name: DATA_FILES.outbox, mode: 0o700, mtime: new Date() }];
  const relative = (entry: (typeof entries)[number]) => join(DATA_FILES.outbox, entry.parentPath.slice(outbox.length), entry.name);
  const sorted = entries.map((entry) => ({ entry, name: relative(entry) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { entry, name } of sorted) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) {
      sources.push({ type: 'directory', name, mode: 0o700, mtime: (await stat(path)).mtime });
    } else if (entry.isFile() && !entry.name.endsWith('.tmp')) {
      // Read whole (alerts are small), so a file is archived as it was at one moment.
      const content = await readDataFile(path, { optional: true });
      if (content !== null) sources.push({ type: 'file', name, mode: 0o600, mtime: (await stat(path)).mtime, content });
    }
  }
  return sources;
}

async function readDataFile(path: string): Promise<Buffer>;
async function readDataFile(path: string, options: { optional: true }): Promise<Buffer | null>;
async function readDataFile(path: string, options?: { optional: true }): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (options?.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Refusal(`cannot read ${path}: ${reason(error)}`, EXIT_FAILED, { cause: error });
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw new Refusal(`cannot look at ${path}: ${reason(error)}`, EXIT_FAILED, { cause: error });
  }
}

export function writeFailure(file: string, error: unknown): Refusal {
  if (error instanceof Refusal) return error;
  return new Refusal(`cannot write ${file}: ${reason(error)}`, EXIT_FAILED, { cause: error });
}

/** `permission denied` rather than `EACCES: permission denied, mkdtemp '/x/.y.XXXXXX'`. */
export function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a part of its path is not a folder',
    ENOSPC: 'no space left on the device',
    EROFS: 'the file system is read-only',
    EISDIR: 'it is a folder',
  };
  return (code && known[code]) ?? message ?? String(error);
}

function report(made: Backup): string {
  const { summary } = made;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    `Backup written to ${made.file} (${size(made.bytes)}, mode 0600).`,
    `  ${DATA_FILES.database.padEnd(29)} snapshot of ${made.takenAt.toISOString()}: ${plural(summary.monitors, 'monitor')}, ${plural(summary.incidents, 'incident')} (${summary.openIncidents} open), ledger head ${summary.ledgerHead}, every entry verified against the key`,
    `  ${DATA_FILES.signingKey.padEnd(29)} the ledger's PRIVATE signing key (kid ${summary.kid})`,
    ...(made.hasToken ? [`  ${DATA_FILES.adminToken.padEnd(29)} the API's admin token`] : []),
    ...(made.outboxFiles === null ? [] : [`  ${`${DATA_FILES.outbox}/`.padEnd(29)} ${plural(made.outboxFiles, 'file')} (alerts, and markers of those sent)`]),
    'This file holds secrets (the signing key and the admin token): keep it as private as the data folder.',
    `Restore: crosscheck restore ${made.file} --data-dir <new folder>`,
    `     or: mkdir -m 700 <new folder> && tar -xzf ${made.file} -C <new folder>`,
    '',
  ].join('\n');
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
