/**
 * The CLI commands that manage a running CrossCheck (`import`, `monitors`), against a
 * real local runtime started in this process on a free port.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../functions/cli/import.ts';
import { incidentsCommand } from '../../functions/cli/incidents.ts';
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

  const listJson = async (): Promise<{ id: string; name: string; state: string }[]> => {
    const io = capture(env);
    expect(await monitorsCommand(['list', '--json'], io)).toBe(0);
    return JSON.parse(io.out());
  };

  const waitFor = async (condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

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

    // Refused before it reaches the API (it used to come back as zod's 'Too small: expected number to be >=10').
    const rejected = capture(env);
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/', '--interval', '5'], rejected)).toBe(2);
    expect(rejected.err()).toContain("--interval '5': too short, from 10s to 1h; a plain number is seconds");

    const invalid = capture(env);
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/', '-c', '[STATUS] =='], invalid)).toBe(2);
    expect(invalid.err()).toContain('invalid condition: [STATUS] ==');
  });

  it('--interval takes durations as the YAML file does (30s, 1m, 1h30m) or plain seconds', async () => {
    for (const [name, interval] of [['every-minute', '1m'], ['every-45', '45'], ['every-90', '1m30s']] as const) {
      const io = capture(env);
      expect(await monitorsCommand(['add', `http://127.0.0.1:9/${name}`, '--name', name, '--interval', interval], io)).toBe(0);
    }
    expect(await monitorNames()).toEqual(expect.arrayContaining(['every-minute@60', 'every-45@45', 'every-90@90']));
    const tooLong = capture(env);
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/', '--interval', '1h30m'], tooLong)).toBe(2);
    expect(tooLong.err()).toContain("--interval '1h30m': too long, from 10s to 1h");
  });

  it('a second monitor with a name in use is exit 1, the field named (import matches by name)', async () => {
    const io = capture(env);
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/other', '--name', 'health'], io)).toBe(1);
    expect(io.err()).toMatch(/HTTP 409 Conflict: name: a monitor named 'health' exists already \(\S+\); names are unique/);
  });

  it('monitors list shows a header, since when and why, and paused monitors as PAUSED; show says why one is down', async () => {
    const add = capture(env);
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/refused', '--name', 'refused', '-c', '[STATUS] == 200'], add)).toBe(0);
    const refusedId = /^created (\S+)/.exec(add.out())![1]!;
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/quiet', '--name', 'quiet'], capture(env))).toBe(0);
    const quiet = (await listJson()).find((m) => m.name === 'quiet')!;
    const patched = await fetch(new URL(`/v1/monitors/${quiet.id}`, runtime.url), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${runtime.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ paused: true }),
    });
    expect(patched.status, await patched.text()).toBe(200);
    await waitFor(async () => (await listJson()).find((m) => m.id === refusedId)?.state === 'DOWN');

    const list = capture(env);
    expect(await monitorsCommand(['list'], list)).toBe(0);
    const lines = list.out().split('\n');
    expect(lines[0]).toMatch(/^ID +NAME +STATE +SINCE +EVERY +URL +REASON$/);
    const refusedRow = lines.find((line) => line.includes(' refused '))!;
    expect(refusedRow).toMatch(/ DOWN +(just now|\S+( \S+)? ago) +1m +http:\/\/127\.0\.0\.1:9\/refused +connect: ECONNREFUSED \(incident inc_\S+\)$/);
    expect(lines.find((line) => line.includes(' quiet '))).toMatch(/ PAUSED .*paused \(checks stopped; last state \w+\)/);

    const show = capture(env);
    expect(await monitorsCommand(['show', 'refused'], show)).toBe(0);
    const out = show.out();
    expect(out).toMatch(/^refused {2}DOWN since \S+ \S+ \((just now|.* ago)\)\n/);
    expect(out).toContain(`  id          ${refusedId}\n`);
    expect(out).toMatch(/ {2}incident {4}inc_\S+ open since .*: connect, confirmed from local-\w and local-\w\n/);
    expect(out).toMatch(/ {2}why {9}connect: ECONNREFUSED\n/);
    expect(out).toContain('  latest check per region\n');
    expect(out).toMatch(/ {4}local-a {2}.* FAIL \(connect\) {2}no response/);
    expect(out).toMatch(/ {4}local-b {2}.* FAIL \(connect\) {2}no response/);
    expect(out).toContain('      n/a   [STATUS] == 200 (not evaluated: no response)\n');

    const byId = capture(env);
    expect(await monitorsCommand(['show', refusedId, '--json'], byId)).toBe(0);
    expect(JSON.parse(byId.out())).toMatchObject({ monitor: { id: refusedId, state: 'DOWN' }, incident: { status: 'open', cause: 'connect' } });

    const missing = capture(env);
    expect(await monitorsCommand(['show', 'no-such-monitor'], missing)).toBe(1);
    expect(missing.err()).toContain("no monitor has the id or name 'no-such-monitor'");
  });

  it('incidents list and show need no token (public routes); show --verify checks the signed entries', async () => {
    const noToken = { CROSSCHECK_API: runtime.url, CROSSCHECK_DATA_DIR: join(dir, 'nowhere') };
    await waitFor(async () => (await listJson()).some((m) => m.name === 'refused' && m.state === 'DOWN'));
    const list = capture(noToken);
    expect(await incidentsCommand(['list', '--status', 'open'], list)).toBe(0);
    expect(list.out().split('\n')[0]).toMatch(/^ID +MONITOR +STATUS +OPENED +LASTED +CAUSE +WHY$/);
    const row = list.out().split('\n').find((line) => line.includes(' refused '))!;
    expect(row).toMatch(/^inc_\S+ +refused +open +\S+ \S+ +.* so far +connect +connect: ECONNREFUSED$/);
    const id = row.split(' ')[0]!;

    const byMonitor = capture(env);
    expect(await incidentsCommand(['list', '--monitor', 'refused', '--json'], byMonitor)).toBe(0);
    expect(JSON.parse(byMonitor.out())).toEqual([expect.objectContaining({ id, monitorName: 'refused' })]);

    const show = capture(noToken);
    expect(await incidentsCommand(['show', id, '--verify'], show)).toBe(0);
    expect(show.out()).toMatch(new RegExp(`^${id} {2}refused {2}OPEN for `));
    expect(show.out()).toMatch(/ {2}cause {6}connect, confirmed from local-\w and local-\w/);
    expect(show.out()).toContain('FAIL  [STATUS] == 200 (not evaluated: no response)');
    expect(show.out()).toMatch(/ {2}ledger {5}#\d+ \(signed/);
    expect(show.out()).toContain('  verified   every check holds');

    const posted = capture(env);
    expect(await incidentsCommand(['update', id, '--status', 'identified', '-m', 'The port is closed; reopening.'], posted)).toBe(0);
    expect(posted.out()).toMatch(new RegExp(`^update 1 of ${id}: identified at \\S+ \\(ledger entry #\\d+, signed\\)\\n$`));
    const updates = (await (await fetch(new URL(`/v1/incidents/${id}/updates`, runtime.url))).json()) as { items: unknown[] };
    expect(updates.items).toEqual([expect.objectContaining({ n: 1, status: 'identified', message: 'The port is closed; reopening.' })]);
    const badUpdate = capture(env);
    expect(await incidentsCommand(['update', id, '--status', 'fixed', '-m', 'x'], badUpdate)).toBe(2);
    expect(badUpdate.err()).toContain("--status 'fixed': expected investigating, identified, monitoring, resolved");
    const noMessage = capture(env);
    expect(await incidentsCommand(['update', id, '--status', 'resolved'], noMessage)).toBe(2);
    const refused = capture(noToken);
    expect(await incidentsCommand(['update', id, '--status', 'resolved', '-m', 'x'], refused)).toBe(2);

    const unknown = capture(noToken);
    expect(await incidentsCommand(['show', 'inc_nope'], unknown)).toBe(1);
    expect(unknown.err()).toContain('incident inc_nope does not exist');
    const badStatus = capture(noToken);
    expect(await incidentsCommand(['list', '--status', 'closed'], badStatus)).toBe(2);
    expect(badStatus.err()).toContain("--status 'closed': expected open or resolved");
  });

  it('monitors delete takes an id or a name', async () => {
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/gone', '--name', 'soon-gone'], capture(env))).toBe(0);
    const io = capture(env);
    expect(await monitorsCommand(['delete', 'soon-gone'], io)).toBe(0);
    expect(io.out()).toMatch(/^deleted \S+ {2}soon-gone \(its ledger entries stay\)\n$/);
    expect((await listJson()).some((m) => m.name === 'soon-gone')).toBe(false);
  });

  it('import warns about Gatus settings with no meaning here and goes on', async () => {
    const file = join(dir, 'gatus.yaml');
    await writeFile(
      file,
      'ui:\n  title: Status\nalerting:\n  slack:\n    webhook-url: http://127.0.0.1:9/services/x\nendpoints:\n  - name: from-gatus\n    url: http://127.0.0.1:9/g\n    ui:\n      hide-hostname: true\n    alerts:\n      - type: slack\n      - type: twilio\n',
      'utf8',
    );
    const io = capture(env);
    expect(await importCommand([file], io)).toBe(0);
    expect(io.err()).toContain('warning: ui: Gatus setting with no meaning in CrossCheck, ignored');
    expect(io.err()).toContain('warning: endpoints[0].ui: how Gatus shows the endpoint, with no meaning in CrossCheck, ignored');
    expect(io.err()).toContain("warning: endpoints[0].alerts[1]: alert type 'twilio' is not supported here, left out");
    // Gatus' slack alerts now import: the provider becomes the channel `slack`, created before the monitor that refers to it.
    expect(io.out()).toContain('create    channel slack');
    expect(io.out()).toContain('1 were created');
    // Imported again: the channel is replaced in place (its secret cannot be compared from here), the monitor unchanged.
    const again = capture(env);
    expect(await importCommand([file], again)).toBe(0);
    expect(again.out()).toContain('replace   channel slack');
    expect(again.out()).toContain('0 were created, 0 were updated, 1 unchanged');
  });

  it('a wrong token is exit 1 with the 401 explained, and changes nothing', async () => {
    const before = await monitorNames();
    const io = capture({ ...env, CROSSCHECK_TOKEN: 'not-the-token-at-all' });
    expect(await monitorsCommand(['add', 'http://127.0.0.1:9/x', '--name', 'x'], io)).toBe(1);
    expect(io.err()).toContain('HTTP 401');
    expect(await monitorNames()).toEqual(before);
  });
});
