/**
 * One runtime per data folder, by a lock the operating system holds for us: an
 * exclusive SQLite lock on `<data-dir>/runtime.lock` (a POSIX advisory lock underneath),
 * which the kernel drops the moment the process dies, however it dies. No pid is ever
 * trusted: a crashed runtime's pid may already belong to another process (or still be a
 * zombie in the process table), and a restart right after a SIGKILL must not be refused.
 *
 * `runtime.pid` beside it only says who holds the lock, for the refusal message; it is
 * never read to decide anything. The lock file itself stays (unlinking a lock file
 * while another process may be opening it would let two runtimes each lock a different
 * file).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ConfigError } from '../core/errors.ts';

export interface DataLock {
  readonly path: string;
  release(): void;
}

const LOCK_FILE = 'runtime.lock';
/** The open lock connections: held here so that the lock lasts until release, not until the garbage collector finalizes a forgotten connection. */
const HELD = new Set<DatabaseSync>();
const PID_FILE = 'runtime.pid';

export function acquireDataLock(dataDir: string, pid = process.pid): DataLock {
  try {
    return lockOnce(dataDir, pid);
  } catch (error) {
    // Earlier versions kept a pid in a text file of the same name: not a database. Replace it once.
    if (!isNotADatabase(error)) throw error;
    rmSync(join(dataDir, LOCK_FILE), { force: true });
    return lockOnce(dataDir, pid);
  }
}

function lockOnce(dataDir: string, pid: number): DataLock {
  const path = join(dataDir, LOCK_FILE);
  const pidPath = join(dataDir, PID_FILE);
  const db = openLockDatabase(path, dataDir);
  try {
    // EXCLUSIVE locking mode keeps the lock from the first write transaction until the connection closes.
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if (isBusy(error)) {
      const holder = readHolder(pidPath);
      throw new ConfigError(
        `another CrossCheck runtime${holder === null ? '' : ` (pid ${holder})`} is already using the data folder ${dataDir}; stop it first, or start this one with --data-dir <another folder>`,
      );
    }
    if (isNotADatabase(error)) throw error;
    throw new ConfigError(`could not lock the data folder ${dataDir} (${path}): ${(error as Error).message}`, { cause: error });
  }
  writeFileSync(pidPath, `${pid}\n`, { mode: 0o600 });
  HELD.add(db);
  let held = true;
  return {
    path,
    release: () => {
      if (!held) return;
      held = false;
      rmSync(pidPath, { force: true });
      HELD.delete(db);
      db.close();
    },
  };
}

function openLockDatabase(path: string, dataDir: string): DatabaseSync {
  try {
    return new DatabaseSync(path, { timeout: 0 });
  } catch (error) {
    throw new ConfigError(`could not open the lock of the data folder ${dataDir} (${path}): ${(error as Error).message}`, { cause: error });
  }
}

function isBusy(error: unknown): boolean {
  const { errcode, message } = error as { errcode?: number; message?: string };
  // SQLITE_BUSY (5) or SQLITE_LOCKED (6), with or without extended codes.
  return (typeof errcode === 'number' && [5, 6].includes(errcode & 0xff)) || /database is locked|busy/i.test(message ?? '');
}

function isNotADatabase(error: unknown): boolean {
  const { errcode } = error as { errcode?: number };
  return typeof errcode === 'number' && (errcode & 0xff) === 26; // SQLITE_NOTADB
}

function readHolder(pidPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(pidPath, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
