/** One runtime per data folder, by a lock the OS releases when its holder dies; no pid is trusted. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataLock } from '../../functions/runtime/data-lock.ts';

const MODULE = fileURLToPath(new URL('../../functions/runtime/data-lock.ts', import.meta.url));
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosscheck-lock-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Another process that takes the lock, says so, and holds it until killed. It keeps no
 * reference to the lock and collects its garbage first: the lock must not depend on that.
 */
async function holderProcess(): Promise<ReturnType<typeof spawn>> {
  const script = `import { acquireDataLock } from ${JSON.stringify(MODULE)}; acquireDataLock(${JSON.stringify(dir)}); globalThis.gc(); console.log('locked'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.on('data', (chunk) => String(chunk).includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`the holder exited with ${code}: ${stderr}`)));
  });
  return child;
}

describe('acquireDataLock', () => {
  it('refuses a second holder in the same process, naming the holder, and is free again after release', () => {
    const lock = acquireDataLock(dir);
    expect(() => acquireDataLock(dir)).toThrow(new RegExp(`another CrossCheck runtime \\(pid ${process.pid}\\) is already using the data folder`));
    lock.release();
    acquireDataLock(dir).release();
  });

  it('refuses while another process holds it, and is free the moment that process is killed', { timeout: 20_000 }, async () => {
    const child = await holderProcess();
    expect(() => acquireDataLock(dir)).toThrow(new RegExp(`\\(pid ${child.pid}\\) is already using`));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const lock = acquireDataLock(dir);
    lock.release();
  });

  it('ignores a pid left behind, even one that is alive now (a reused pid)', async () => {
    await writeFile(join(dir, 'runtime.pid'), `${process.ppid}\n`);
    acquireDataLock(dir).release();
  });

  it('replaces the text lock file of earlier versions', async () => {
    await writeFile(join(dir, 'runtime.lock'), `${process.ppid}\n`);
    const lock = acquireDataLock(dir);
    expect(() => acquireDataLock(dir)).toThrow(/already using/);
    lock.release();
  });
});
