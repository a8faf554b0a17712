/**
 * The README's commands on an older Node (this machine kind's own /usr/bin/node is 20):
 * they run with a suitable Node instead of failing with stack traces, or stop with one
 * line that says what to do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { isSuitable } = require('../../scripts/suitable-node.cjs') as { isSuitable: (version: string) => boolean };
const LAUNCHER = fileURLToPath(new URL('../../scripts/suitable-node.cjs', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/crosscheck.mjs', import.meta.url));

/** An older Node on this machine, if there is one. */
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
  if (!existsSync(path)) return false;
  const version = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
  return version !== '' && !isSuitable(version);
});
/** Where the launcher keeps Node 24 (.ci/run puts it there too): the tests below use it, so nothing is downloaded here. */
const CACHED_PREFIX = process.env['CROSSCHECK_NODE_PREFIX'] ?? join(homedir(), '.cache', 'crosscheck-node24');
const CACHED_NODE = join(CACHED_PREFIX, 'node_modules', '.bin', 'node');

describe('isSuitable', () => {
  it.each([
    ['20.20.2', false],
    ['22.17.9', false],
    ['22.18.0', true],
    ['v24.21.0', true],
    ['26.0.0', true],
  ])('%s -> %s', (version, expected) => {
    expect(isSuitable(version)).toBe(expected);
  });
});

describe.runIf(OLD_NODE !== undefined && existsSync(CACHED_NODE))(`on ${OLD_NODE ?? 'an older Node'}`, () => {
  const env = { ...process.env, CROSSCHECK_NODE_PREFIX: CACHED_PREFIX };

  it('the launcher runs the script with the cached suitable Node', () => {
    const run = spawnSync(OLD_NODE!, [LAUNCHER, '-e', 'console.log(process.versions.node)'], { encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    expect(isSuitable(run.stdout.trim())).toBe(true);
  });

  it('the crosscheck command answers --help', () => {
    const run = spawnSync(OLD_NODE!, [BIN, '--help'], { encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage: crosscheck <command>/);
  });

  it('passes the exit code through', () => {
    expect(spawnSync(OLD_NODE!, [LAUNCHER, '-e', 'process.exit(3)'], { env }).status).toBe(3);
  });

  it('with no suitable Node to be had, stops with one line that says what to do, and no stack trace', () => {
    const run = spawnSync(OLD_NODE!, [BIN, '--help'], { encoding: 'utf8', env: { ...process.env, CROSSCHECK_NODE_PREFIX: '/nonexistent/crosscheck-node', CROSSCHECK_NO_NODE_DOWNLOAD: '1' } });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^crosscheck: CrossCheck needs Node 22\.18 or newer and this is Node 20\.\d+\.\d+: install Node 24 \(`nvm install` reads \.nvmrc\)/)]);
  });
});
