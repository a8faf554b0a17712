/** `crosscheck agent` as its own process (this Node, bin/crosscheck.ts), remembered so afterAll can kill what is left. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Exit } from './runtime-process.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const live = new Set<ChildProcess>();

export interface AgentProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  /** What it logged (one JSON object a line on stderr). */
  log(): string;
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

export function startAgent(args: readonly string[]): AgentProcess {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('CROSSCHECK_')) delete env[name];
  const child = spawn(process.execPath, ['bin/crosscheck.ts', 'agent', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.once('exit', () => live.delete(child));
  const exited = new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    log: () => log,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}

export async function killAllAgents(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
