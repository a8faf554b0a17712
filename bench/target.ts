/** Starts bench/target-server.ts in a child process and returns its URL and a stop function. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface BenchTarget {
  readonly url: string;
  /** A TCP server that answers a line with PONG. */
  readonly tcpPort: number;
  /** A UDP DNS server that answers A queries. */
  readonly dnsPort: number;
  stop(): Promise<void>;
}

export async function startTarget(delayMs = 0): Promise<BenchTarget> {
  const script = fileURLToPath(new URL('./target-server.ts', import.meta.url));
  const child = spawn(process.execPath, [script, '--delay', String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  const { port, tcpPort, dnsPort } = JSON.parse(line) as { port: number; tcpPort: number; dnsPort: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    tcpPort,
    dnsPort,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
