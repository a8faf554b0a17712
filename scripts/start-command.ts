/**
 * The exact command `npm start` runs (package.json's `start` script), as argv for
 * child_process.spawn, so that end-to-end tests and benchmarks start the runtime the
 * way a user does, without npm in between (its own process would blur signals and
 * memory figures).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function startCommand(extraArgs: readonly string[] = []): { command: string; args: string[]; cwd: string } {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`package.json's start script must begin with 'node', got: ${pkg.scripts.start}`);
  return { command: process.execPath, args: [...args, ...extraArgs], cwd: REPO_ROOT };
}
