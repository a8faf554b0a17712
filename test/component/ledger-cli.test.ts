import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerCommand } from '../../functions/cli/ledger.ts';
import { openTestLedger, writeSampleLedger, type TestLedger } from '../helpers/ledger-build.ts';

let ledger: TestLedger;
let server: Server;
let api: string;
/** Entries the test API leaves out of its pages (a server hiding its tail). */
let hideAfter = Number.POSITIVE_INFINITY;

beforeEach(async () => {
  now = Date.parse('2026-05-01T10:00:00Z');
  ledger = await openTestLedger();
  await writeSampleLedger(ledger);
  hideAfter = Number.POSITIVE_INFINITY;
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/.well-known/jwks.json') return res.end(JSON.stringify(ledger.jwks));
    if (url.pathname === '/v1/ledger') {
      const after = Number(url.searchParams.get('after') ?? 0);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), 3); // small pages: the client must merge them
      const head = await ledger.stores.ledger.head();
      const page = (await ledger.stores.ledger.range(after, limit)).filter((e) => e.seq <= hideAfter);
      return res.end(JSON.stringify({ entries: page.map(({ seq, jws }) => ({ seq, jws })), head: head?.seq ?? null }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ledger.close();
});

/** "Now" for the period's default end: the sample ledger's last entry, unless a test moves it. */
let now = Date.parse('2026-05-01T10:00:00Z');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await ledgerCommand(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, now: () => now });
  return { code, stdout, stderr };
}

async function exportTo(file: string): Promise<{ entries: { seq: number; jws: string }[]; head: number | null }> {
  const { code, stderr } = await run('export', api, '-o', file);
  expect(code).toBe(0);
  expect(stderr).toBe(`exported 7 entries (head 7) to ${file}\n`);
  return JSON.parse(await readFile(file, 'utf8'));
}

describe('crosscheck ledger export', () => {
  it('merges every page of GET /v1/ledger into one file with the head', async () => {
    const file = join(ledger.dir, 'ledger.json');
    const exported = await exportTo(file);
    expect(exported).toEqual({ entries: await ledger.entries(), head: 7 });
  });

  it('writes to standard output without -o', async () => {
    const { code, stdout } = await run('export', `${api}/v1/ledger`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).entries).toHaveLength(7);
  });
});

describe('crosscheck ledger verify', () => {
  it('exit 0 on an intact export, with incidents, downtime and uptime per monitor', async () => {
    const file = join(ledger.dir, 'ledger.json');
    const jwks = join(ledger.dir, 'jwks.json');
    await exportTo(file);
    await writeFile(jwks, JSON.stringify(ledger.jwks));
    const { code, stdout, stderr } = await run('verify', file, '--jwks', jwks);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        `OK ${file}: 7 entries (seq 1..7), every signature, seq and prev link verified`,
        `  signed by kid ${ledger.signer.kid}`,
        '  ends at the expected head, seq 7',
        '  period 2026-05-01T00:00:00.000Z .. 2026-05-01T10:00:00.000Z (10h 0m, from the first entry to now)',
        '',
        'MONITOR   INCIDENTS   DOWNTIME  UPTIME',
        'API       1           30m 0s    95.000%',
        'Website   1 (1 open)  4h 0m     60.000%',
        'Database  0           0s        n/a',
        '',
      ].join('\n'),
    );
  });

  it('the period ends now by default, as the dashboard counts, and says so: the same question gets the same number', async () => {
    // It used to end at the last entry (10:00), which cut the open incident short.
    now = Date.parse('2026-05-01T20:00:00Z');
    const byDefault = await run('verify', api, '--jwks', `${api}/.well-known/jwks.json`);
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout).toContain('  period 2026-05-01T00:00:00.000Z .. 2026-05-01T20:00:00.000Z (20h 0m, from the first entry to now)');
    expect(byDefault.stdout).toContain('Website   1 (1 open)  14h 0m    30.000%');
    const explicit = await run('verify', api, '--jwks', `${api}/.well-known/jwks.json`, '--until', '2026-05-01T20:00:00Z');
    expect(explicit.stdout.replace('to --until', 'to now')).toBe(byDefault.stdout);
    const atTheLastEntry = await run('verify', api, '--jwks', `${api}/.well-known/jwks.json`, '--until', '2026-05-01T10:00:00Z');
    expect(atTheLastEntry.stdout).toContain('(10h 0m, from the first entry to --until)');
    expect(atTheLastEntry.stdout).toContain('Website   1 (1 open)  4h 0m     60.000%');
    const json = JSON.parse((await run('verify', api, '--jwks', `${api}/.well-known/jwks.json`, '--json')).stdout);
    expect(json.sla).toMatchObject({ from: '2026-05-01T00:00:00.000Z', to: '2026-05-01T20:00:00.000Z', period: { end: 'now', window: null } });
  });

  it("--window counts the dashboard's window: its hours up to now", async () => {
    now = Date.parse('2026-05-02T03:30:00Z');
    const { code, stdout } = await run('verify', api, '--jwks', `${api}/.well-known/jwks.json`, '--window', '24h');
    expect(code).toBe(0);
    // The window's first hour starts 24 hours before the end of the current hour, as the stats route counts it.
    expect(stdout).toContain("  period 2026-05-01T04:00:00.000Z .. 2026-05-02T03:30:00.000Z (23h 30m, the dashboard's 24h window to now)");
    // API's only incident (01:00-01:30) is before the window; Website's is open since 06:00.
    expect(stdout).toMatch(/API {7}0 {11}0s {8}100\.000%/);
    expect(stdout).toContain('Website   1 (1 open)  21h 30m   8.510%');
  });

  it('takes the API as --api, as every other command does', async () => {
    const verified = await run('verify', '--api', api, '--jwks', `${api}/.well-known/jwks.json`);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('ends at the expected head, seq 7');
    const exported = await run('export', '--api', api);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout).head).toBe(7);
  });

  it('verifies a live API against its live head, with the JWKS from a URL', async () => {
    const { code, stdout } = await run('verify', api, '--jwks', `${api}/.well-known/jwks.json`, '--until', '2026-05-01T20:00:00Z');
    expect(code).toBe(0);
    expect(stdout).toContain('ends at the expected head, seq 7');
    expect(stdout).toContain('Website   1 (1 open)  14h 0m    30.000%');
  });

  it('exit 1 when the API hides its last entries but reports its head', async () => {
    hideAfter = 5;
    const { code, stdout } = await run('verify', api, '--jwks', `${api}/.well-known/jwks.json`);
    expect(code).toBe(1);
    expect(stdout).toContain('ledger truncated: the head is seq 7 but the entries end at seq 5 (seq 6..7 missing)');
  });

  it('exit 1 naming the first broken entry: a deleted entry', async () => {
    const file = join(ledger.dir, 'ledger.json');
    const exported = await exportTo(file);
    await writeFile(file, JSON.stringify({ ...exported, entries: exported.entries.filter((e) => e.seq !== 3) }));
    const { code, stdout } = await run('verify', file, '--jwks', `${api}/.well-known/jwks.json`);
    expect(code).toBe(1);
    expect(stdout).toBe(`FAILED ${file}\n  seq 3 missing (entries jump from 2 to 4)\n  2 of 6 entries verified before it\n`);
  });

  it('exit 1 on a truncated file: against its recorded head, or against --head when it has none', async () => {
    const file = join(ledger.dir, 'ledger.json');
    const exported = await exportTo(file);
    await writeFile(file, JSON.stringify({ ...exported, entries: exported.entries.slice(0, 6) }));
    expect((await run('verify', file, '--jwks', `${api}/.well-known/jwks.json`)).code).toBe(1);

    await writeFile(file, JSON.stringify({ entries: exported.entries.slice(0, 6) }));
    const unchecked = await run('verify', file, '--jwks', `${api}/.well-known/jwks.json`);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toContain('the end was not checked against a head: pass --head <seq>');
    const checked = await run('verify', file, '--jwks', `${api}/.well-known/jwks.json`, '--expect-head', '7');
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('seq 7 missing');
  });

  it('--json prints the verdict, the problem and the SLA figures', async () => {
    const file = join(ledger.dir, 'ledger.json');
    await exportTo(file);
    const { code, stdout } = await run('verify', file, '--jwks', `${api}/.well-known/jwks.json`, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ valid: true, count: 7, verified: 7, problem: null, expectHead: 7, kids: [ledger.signer.kid] });
    expect(report.sla.monitors.map((m: { name: string; uptimeRatio: number | null }) => [m.name, m.uptimeRatio])).toEqual([
      ['API', 0.95],
      ['Website', 0.6],
      ['Database', null],
    ]);
  });
});

describe('crosscheck ledger: usage and input errors exit 2', () => {
  it.each([
    [[], /crosscheck ledger verify <file\|api-url>/],
    [['frobnicate'], /unknown subcommand 'ledger frobnicate'/],
    [['verify'], /missing <file\|api-url>/],
    [['verify', 'a.json'], /--jwks <file\|url> is required/],
    [['verify', 'a.json', 'b.json', '--jwks', 'k.json'], /expected one <file\|api-url>, got 2/],
    [['verify', 'a.json', '--jwks', 'k.json', '--frob'], /Unknown option '--frob'/],
    [['verify', 'a.json', '--jwks', 'k.json', '--head', 'seven'], /--head 'seven': expected a seq/],
    [['verify', 'a.json', '--jwks', 'k.json', '--until', 'tomorrow'], /--until 'tomorrow': expected 'now' or an RFC 3339 time/],
    [['verify', 'a.json', '--jwks', 'k.json', '-o', 'x'], /--output does not apply to 'ledger verify'/],
    [['verify', 'a.json', '--jwks', 'k.json', '--window', '2d'], /--window '2d': expected one of 24h, 7d, 30d, 90d/],
    [['verify', 'a.json', '--api', 'http://x', '--jwks', 'k.json'], /give <file\|api-url> or --api, not both/],
    [['export', '--api', 'http://x', '--window', '24h'], /--window does not apply to 'ledger export'/],
    [['export', 'ledger.json'], /<api-url> must be an http or https URL/],
    [['verify', '/nonexistent/ledger.json', '--jwks', 'k.json'], /cannot read \/nonexistent\/ledger\.json/],
  ])('%j', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('a file that is not a ledger export, or a JWKS that is not one, exits 2', async () => {
    const file = join(ledger.dir, 'ledger.json');
    await writeFile(file, JSON.stringify({ entries: [{ seq: 1 }] }));
    const notLedger = await run('verify', file, '--jwks', `${api}/.well-known/jwks.json`);
    expect(notLedger).toMatchObject({ code: 2, stderr: expect.stringContaining('is not a ledger export: entries[0].jws:') });
    await exportTo(file);
    const notJwks = await run('verify', file, '--jwks', `${api}/v1/nothing`);
    expect(notJwks).toMatchObject({ code: 2, stderr: expect.stringContaining('HTTP 404') });
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await run('verify', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('cannot be detected from the entries');
  });

  it.each([
    [['export', '--help'], 'crosscheck ledger export [<api-url>]'],
    [['export', '-h'], 'crosscheck ledger export [<api-url>]'],
    [['verify', 'a.json', '-h'], 'crosscheck ledger verify <file|api-url>'],
    [['help'], 'crosscheck ledger export'],
    [['--help'], 'crosscheck ledger verify'],
  ])('%j prints the usage and exits 0', async (argv, usage) => {
    const { code, stdout, stderr } = await run(...argv);
    expect(code).toBe(0);
    expect(stdout).toContain(usage);
    expect(stderr).toBe('');
  });
});
