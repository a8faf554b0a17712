/**
 * The CLI commands that manage a running CrossCheck (`import`, `monitors`), against a
 * real local runtime started in this process on a free port.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../functions/cli/import.ts';
import type { CliIo } from '../../functions/cli/io.ts';
import { monitorsCommand } from '../../functions/cli/monitors.ts';
import { startLocalRuntime, type LocalRuntime } from '../../functions/runtime/compose.ts';
import { parseRuntimeOptions, type RuntimeOptions } from '../../functions/runtime/options.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function capture(env: Record<string, string>): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env,
    out: () => out,
    err: () => err,
  };
}

describe('crosscheck import / monitors against a running API', () => {
  let dir: string;
  let runtime: LocalRuntime;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crosscheck-cli-'));
    const options = parseRuntimeOptions(['--port', '0', '--data-dir', join(dir, 'data')]) as RuntimeOptions;
    runtime = await startLocalRuntime(options, quiet);
    env = { CROSSCHECK_API: runtime.url, CROSSCHECK_TOKEN: runtime.token };
  });
  afterAll(async () => {
    await runtime?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const monitorNames = async () => {
    const io = capture(env);
    expect(await monitorsCommand(['list', '--json'], io)).toBe(0);
    return (JSON.parse(io.out()) as { name: string; intervalSeconds: number }[]).map((m) => `${m.name}@${m.intervalSeconds}`).sort();
  };

  it('imports a Gatus file, then updates only what changed', async () => {
    const file = join(dir, 'monitors.yaml');
    await writeFile(file, 'endpoints:\n  - name: a\n    url: http://127.0.0.1:9/\n    interval: 30s\n  - name: b\n    url: http://127.0.0.1:9/b\n', 'utf8');
    const first = capture(env);
    expect(await importCommand([file], first)).toBe(0);
    expect(first.out()).toContain('2 were created, 0 were updated, 0 unchanged');

    await writeFile(file, 'endpoints:\n  - name: a\n    url: http://127.0.0.1:9/\n    interval: 60s\n  - name: b\n    url: http://127.0.0.1:9/b\n', 'utf8');
    const dry = capture(env);
    expect(await importCommand([file, '--dry-run'], dry)).toBe(0);
    expect(dry.out()).toContain('0 would be created, 1 would be updated, 1 unchanged');
    expect(await monitorNames()).toEqual(['a@30', 'b@60']);

    const second = capture(env);
    expect(await importCommand([file], second)).toBe(0);
    expect(second.out()).toMatch(/update\s+a\n/);
    expect(await monitorNames()).toEqual(['a@60', 'b@60']);
  });

  it('refuses an invalid file, naming each path, and sends nothing', async () => {
    const before = await monitorNames();
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'endpoints:\n  - name: c\n    url: ftp://x\n  - name: d\n    url: http://127.0.0.1:9/\n    interval: soon\n', 'utf8');
    const io = capture(env);
    expect(await importCommand([file], io)).toBe(2);
    expect(io.err()).toContain('endpoints[0].url');
    expect(io.err()).toContain("endpoints[1].interval: 'soon' is not a duration");
    expect(await monitorNames()).toEqual(before);
  });

  it('monitors add takes the check flags; an API rejection is exit 1 with the field named', async () => {
    const ok = capture(env);
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/health', '--name', 'health', '--interval', '15', '-c', '[STATUS] == 200'], ok)).toBe(0);
    expect(ok.out()).toMatch(/^created \S+ {2}health {2}every 15s/);
    expect(await monitorNames()).toContain('health@15');

    const rejected = capture(env);
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/', '--interval', '5'], rejected)).toBe(1);
    expect(rejected.err()).toContain('intervalSeconds');

    const invalid = capture(env);
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/', '-c', '[STATUS] =='], invalid)).toBe(2);
    expect(invalid.err()).toContain('invalid condition: [STATUS] ==');
  });

  it('a wrong token is exit 1 with the 401 explained, and changes nothing', async () => {
    const before = await monitorNames();
    const io = capture({ ...env, CROSSCHECK_TOKEN: 'not-the-token-at-all' });
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/x', '--name', 'x'], io)).toBe(1);
    expect(io.err()).toContain('HTTP 401');
    expect(await monitorNames()).toEqual(before);
  });
});
