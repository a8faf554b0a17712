/** Starts the runtime exactly as `npm start` does, as its own process for benchmarks, and reads its memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { startCommand } from '../scripts/start-command.ts';

export interface RuntimeProcess {
  readonly url: string;
  readonly token: string;
  readonly child: ChildProcess;
  /** Resident and peak resident memory in MiB, from /proc (Linux). */
  memory(): { rssMiB: number; peakMiB: number };
  /** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function startRuntimeProcess(dataDir: string): Promise<RuntimeProcess> {
  const start = startCommand(['--port', '0', '--data-dir', dataDir]);
  const child = spawn(start.command, start.args, { cwd: start.cwd, stdio: ['ignore', 'pipe', 'ignore'] });
  const lines = createInterface({ input: child.stdout! });
  let url = '';
  let token = '';
  for await (const line of lines) {
    url ||= /dashboard\s+(\S+)/.exec(line)?.[1] ?? '';
    token ||= /admin token\s+(\S+)/.exec(line)?.[1] ?? '';
    if (url && token) break;
  }
  if (!url) throw new Error('the runtime did not start');
  child.stdout!.resume();
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
  return {
    url,
    token,
    child,
    memory: () => ({ rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 }),
    cpuSeconds: () => {
      // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux).
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export async function api<T>(runtime: Pick<RuntimeProcess, 'url' | 'token'>, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(new URL(path, runtime.url), {
    method,
    headers: { authorization: `Bearer ${runtime.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
