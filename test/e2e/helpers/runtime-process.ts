/**
 * `npm start` as a separate process: package.json's start command spawned with this Node, on a
 * data folder and port 0. Ready when it has printed the dashboard URL and the admin
 * token; both are read from what it prints, as a person would. Every process started
 * here is remembered, so `killAllRuntimes()` in afterAll leaves none behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { startCommand } from '../../../scripts/start-command.ts';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RuntimeProcess {
  /** `http://127.0.0.1:<port>/` as printed. */
  readonly url: string;
  readonly token: string;
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and waits for the exit (SIGKILL after 30 s, and then the exit says so). */
  stop(): Promise<Exit>;
}

export interface FinishedRun extends Exit {
  readonly stdout: string;
  readonly stderr: string;
}

const live = new Set<ChildProcess>();

function spawnLocal(args: readonly string[]) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('CROSSCHECK_')) delete env[name];
  const start = startCommand(args);
  const child = spawn(start.command, start.args, { cwd: start.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.once('exit', () => live.delete(child));
  // 'close' comes after the exit and after both pipes are drained.
  const exited = new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Starts a runtime and resolves once it is serving. */
export async function startRuntime(args: readonly string[]): Promise<RuntimeProcess> {
  const run = spawnLocal(['--port', '0', ...args]);
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the runtime did not print its URL within ${READY_TIMEOUT_MS / 1000} s\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`)), READY_TIMEOUT_MS);
    const look = () => {
      const url = /^\s*dashboard\s+(http:\/\/\S+\/)\s*$/m.exec(run.stdout())?.[1];
      const token = /^\s*admin token\s+([A-Za-z0-9_-]+)\s*$/m.exec(run.stdout())?.[1];
      if (url && token) {
        clearTimeout(timer);
        run.child.stdout!.off('data', look);
        resolve({ url, token });
      }
    };
    run.child.stdout!.on('data', look);
    void run.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`the runtime exited (code ${exit.code}, signal ${exit.signal}) before it was ready\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`));
    });
  });
  const { url, token } = await ready;
  return {
    url,
    token,
    child: run.child,
    exited: run.exited,
    stdout: run.stdout,
    stderr: run.stderr,
    async stop() {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
      const killer = setTimeout(() => run.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        return await run.exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}

/** Runs the runtime with `args` until it exits by itself (a refusal or a bad config). */
export async function runRuntimeToExit(args: readonly string[], timeoutMs = READY_TIMEOUT_MS): Promise<FinishedRun> {
  const run = spawnLocal(['--port', '0', ...args]);
  const killer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  try {
    const exit = await run.exited;
    return { ...exit, stdout: run.stdout(), stderr: run.stderr() };
  } finally {
    clearTimeout(killer);
  }
}

/** For afterAll: SIGKILLs every runtime these helpers started that is still running. */
export async function killAllRuntimes(): Promise<void> {
  const waits = [...live].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}
