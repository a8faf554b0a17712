/** `crosscheck check`: exit codes, human and JSON output, flag and condition errors. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../functions/cli/check.ts';
import type { CliIo } from '../../functions/cli/io.ts';
import { startHttpServer, startSilentServer, type TestServer } from '../helpers/servers.ts';

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, out: () => out, err: () => err };
}

describe('crosscheck check', () => {
  let target: TestServer;
  beforeAll(async () => {
    target = await startHttpServer((request, res) => {
      res.writeHead(request.url === '/down' ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: request.url === '/down' ? 'DOWN' : 'UP', region: request.headers['x-crosscheck-region'], method: request.method }));
    });
  });
  afterAll(() => target.close());

  it('--json prints the check result with resolved conditions; exit 0 when it passes', async () => {
    const io = capture();
    const code = await checkCommand([`${target.origin}/`, '-c', '[STATUS] == 200', '-c', '[BODY].region == eu-test-1', '--region', 'eu-test-1', '--json'], io);
    const result = JSON.parse(io.out());
    expect(code).toBe(0);
    expect(result).toMatchObject({
      success: true,
      status: 200,
      region: 'eu-test-1',
      cause: null,
      conditions: [
        { condition: '[STATUS] == 200', success: true },
        { condition: '[BODY].region == eu-test-1', success: true },
      ],
    });
    expect(Object.keys(result.timings)).toEqual(['dns', 'connect', 'tls', 'ttfb', 'total']);
  });

  it('a failed condition is exit 1 and reads as Gatus reports it', async () => {
    const io = capture();
    expect(await checkCommand([`${target.origin}/down`, '-c', '[STATUS] == 200', '-c', '[BODY].status == UP'], io)).toBe(1);
    expect(io.out()).toContain('FAIL (condition)');
    expect(io.out()).toContain('FAIL  [STATUS] (503) == 200');
    expect(io.out()).toContain('FAIL  [BODY].status (DOWN) == UP');
  });

  it.each([
    ['connect', async () => {
      const closed = await startHttpServer();
      await closed.close();
      return { url: `${closed.origin}/`, done: async () => undefined };
    }],
    ['timeout', async () => {
      const silent = await startSilentServer();
      return { url: `${silent.origin}/`, done: () => silent.close() };
    }],
  ])('a %s failure shows the conditions on the missing response as not evaluated, never as pass', async (cause, start) => {
    const { url, done } = await start();
    try {
      const io = capture();
      expect(await checkCommand([url, '--timeout', '300ms'], io)).toBe(1);
      expect(io.out()).toContain(`FAIL (${cause})`);
      expect(io.out()).toContain('n/a   [STATUS] < 400 (not evaluated: no response)');
      expect(io.out()).not.toMatch(/pass {2}\[STATUS\]/);

      const json = capture();
      expect(await checkCommand([url, '--timeout', '300ms', '-c', '[STATUS] < 400', '-c', '[RESPONSE_TIME] < 10s', '--json'], json)).toBe(1);
      expect(JSON.parse(json.out())).toMatchObject({
        success: false,
        cause,
        conditions: [
          { condition: '[STATUS] < 400 (not evaluated: no response)', success: false },
          { condition: '[RESPONSE_TIME] < 10s', success: true },
        ],
      });
    } finally {
      await done();
    }
  });

  it('a port that must stay closed still passes with [CONNECTED] == false', async () => {
    const closed = await startHttpServer();
    await closed.close();
    const io = capture();
    expect(await checkCommand([`${closed.origin}/`, '-c', '[CONNECTED] == false'], io)).toBe(0);
    expect(io.out()).toContain('PASS');
    expect(io.out()).toContain('pass  [CONNECTED] == false');
  });

  it('sends method, headers and body', async () => {
    const io = capture();
    expect(await checkCommand([`${target.origin}/`, '-X', 'post', '-H', 'X-Test: yes', '-d', '{"a":1}', '-c', '[BODY].method == POST'], io)).toBe(0);
    const seen = target.requests.at(-1)!;
    expect(seen.method).toBe('POST');
    expect(seen.headers['x-test']).toBe('yes');
    expect(seen.body).toBe('{"a":1}');
  });

  it.each([
    [['-c', '[STATUS]==200'], 'invalid condition: [STATUS]==200'],
    [['-c', '[STATUS] =='], 'invalid condition: [STATUS] =='],
    [['-c', '[STATUS] ? 201'], 'invalid condition: [STATUS] ? 201'],
    // --timeout used to take milliseconds only; it is a duration now, as everywhere.
    [['--timeout', 'soon'], "--timeout 'soon': expected a duration such as 30s, 1m or 1h30m, or whole seconds (from 100ms to 1m)"],
    [['--timeout', '5000'], "--timeout '5000': too long, from 100ms to 1m; a plain number is seconds, write 5000ms for milliseconds"],
    [['--timeout', '50ms'], "--timeout '50ms': too short, from 100ms to 1m"],
    [['-X', 'BREW'], '--method:'],
    [['-H', 'no-colon'], "--header 'no-colon': expected 'Name: value'"],
    [['-H', 'User-Agent: mine'], '--header User-Agent: is set by the probe'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
    [['--timout', '5s'], "Unknown option '--timout'; did you mean --timeout?"],
  ])('usage error %j is exit 2: %s', async (flags, message) => {
    const io = capture();
    expect(await checkCommand([`${target.origin}/`, ...flags], io)).toBe(2);
    expect(io.err()).toContain(message);
    expect(io.out()).toBe('');
  });

  it("an unknown option's message is readable: no '-- \"--x\"' advice, and where to find the options", async () => {
    const io = capture();
    expect(await checkCommand([`${target.origin}/`, '--frobnicate'], io)).toBe(2);
    expect(io.err()).toBe("crosscheck check: Unknown option '--frobnicate'\nrun 'crosscheck check --help' for its options\n");
  });

  it.each([['2s'], ['2'], ['1500ms']])('--timeout %s is a duration (a plain number is seconds)', async (timeout) => {
    const io = capture();
    expect(await checkCommand([`${target.origin}/`, '--timeout', timeout, '--json'], io)).toBe(0);
  });

  it('warns about a quoted value, which Gatus compares with its quotes, and still runs the check', async () => {
    const io = capture();
    expect(await checkCommand([`${target.origin}/`, '-c', '[BODY].status == "UP"'], io)).toBe(1);
    expect(io.err()).toContain(`warning: -c '[BODY].status == "UP"': "UP" is compared with its quotes`);
    expect(io.err()).toContain('did you mean [BODY].status == UP?');
    expect(io.out()).toContain('FAIL  [BODY].status (UP) == "UP"');
  });

  it('--help is exit 0 on standard output', async () => {
    const io = capture();
    expect(await checkCommand(['--help'], io)).toBe(0);
    expect(io.out()).toContain('crosscheck check <url> [options]');
    expect(io.err()).toBe('');
  });

  it('refuses a non-http URL as a usage error', async () => {
    const io = capture();
    expect(await checkCommand(['ftp://example.test/'], io)).toBe(2);
    expect(io.err()).toContain('<url>: scheme ftp is not supported');
  });

  it('runs as the `crosscheck` bin', async () => {
    const bin = fileURLToPath(new URL('../../bin/crosscheck.ts', import.meta.url));
    const child = spawn(process.execPath, [bin, 'check', `${target.origin}/`, '-c', '[STATUS] == 200', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ success: true, conditions: [{ condition: '[STATUS] == 200', success: true }] });
  });
});
