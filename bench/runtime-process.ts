/** Starts the runtime exactly as `npm start` does, as its own process for benchmarks, and reads its memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { startCommand } from '../scripts/start-command.ts';

export interface RuntimeProcess {
  readonly url: string;
  readonly token: string;
  readonly child: ChildProcess;
  /** Resident and peak resident memory in MiB, from /proc (Linux). */
  memory(): { rssMiB: number; peakMiB: number };
  /** Every process the start left running (this one and all its descendants): how many, and their resident memory together, in MiB. */
  treeMemory(): { processes: number; rssMiB: number };
  /** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
  cpuSeconds(): number;
  /** Bytes the process has caused to be written to storage so far (`write_bytes` of /proc/<pid>/io), or null where that is not readable. */
  writtenBytes(): number | null;
  /** Milliseconds from spawning the process to its start-up banner. */
  readonly startupMs: number;
  stop(): Promise<void>;
}

export async function startRuntimeProcess(dataDir: string, extraArgs: readonly string[] = []): Promise<RuntimeProcess> {
  const start = startCommand(['--port', '0', '--data-dir', dataDir, ...extraArgs]);
  const spawnedAt = performance.now();
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
  const startupMs = performance.now() - spawnedAt;
  child.stdout!.resume();
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
  return {
    url,
    token,
    child,
    startupMs,
    writtenBytes: () => {
      try {
        return Number(/write_bytes:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/io`, 'utf8'))?.[1] ?? Number.NaN);
      } catch {
        return null;
      }
    },
    memory: () => ({ rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 }),
    treeMemory: () => {
      const tree = descendantsOf(child.pid!);
      const rssKiB = tree.reduce((sum, pid) => sum + (statusKiB(pid, 'VmRSS') ?? 0), 0);
      return { processes: tree.length, rssMiB: rssKiB / 1024 };
    },
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

function statusKiB(pid: number, field: string): number | null {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null; // gone meanwhile
  }
}

/** `root` and every process below it, from the parent pids in /proc (Linux). */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
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
