/**
 * One runtime per data folder: a lock file created exclusively, holding our pid. A lock
 * left by a process that no longer exists is taken over; a live one is refused.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';

export interface DataLock {
  readonly path: string;
  release(): void;
}

export function acquireDataLock(dataDir: string, pid = process.pid): DataLock {
  const path = join(dataDir, 'runtime.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return {
        path,
        release: () => {
          try {
            if (readFileSync(path, 'utf8').trim() === String(pid)) unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== pid && isAlive(holder)) {
        throw new ConfigError(
          `another CrossCheck runtime (pid ${holder}) is already using the data folder ${dataDir}; stop it first, or start this one with --data-dir <another folder>`,
        );
      }
      unlinkSync(path); // stale: its process is gone
    }
  }
  throw new ConfigError(`could not lock the data folder ${dataDir} (${path})`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
