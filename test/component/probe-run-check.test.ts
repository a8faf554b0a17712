import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMonitorDefinition } from '../../functions/core/monitor.ts';
import { CLOUD_POLICY, runCheck, type Lookup } from '../../functions/engine/index.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';

let target: TestServer;

beforeAll(async () => {
  target = await startHttpServer((request, res) => {
    if (request.url === '/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"UP"}');
    else res.writeHead(503).end('down');
  });
});
afterAll(async () => {
  await target.close();
});

describe('runCheck', () => {
  it('probes a parsed monitor definition and judges it with its conditions', async () => {
    const definition = parseMonitorDefinition({
      name: 'api',
      url: `${target.origin}/health`,
      conditions: ['[STATUS] == 200', '[BODY].status == UP'],
    });
    const result = await runCheck(definition, { region: 'eu-west-1' });

    expect(result).toMatchObject({ success: true, cause: null, status: 200, region: 'eu-west-1', bodyExcerpt: '{"status":"UP"}' });
    expect(result.conditions).toEqual([
      { condition: '[STATUS] == 200', success: true },
      { condition: '[BODY].status == UP', success: true },
    ]);
    expect(target.requests.at(-1)!.headers['x-crosscheck-region']).toBe('eu-west-1');
  });

  it('applies the default condition when the monitor has none', async () => {
    const result = await runCheck(parseMonitorDefinition({ name: 'down', url: `${target.origin}/other` }));
    expect(result).toMatchObject({ success: false, cause: 'condition', status: 503 });
    expect(result.conditions).toEqual([{ condition: '[STATUS] (503) < 400', success: false }]);
  });

  it('passes the policy and resolver on: a blocked target fails as blocked', async () => {
    const lookup: Lookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const result = await runCheck(
      parseMonitorDefinition({ name: 'internal', url: `http://internal.test:${target.port}/health` }),
      { policy: CLOUD_POLICY, lookup },
    );
    expect(result).toMatchObject({ success: false, cause: 'blocked', connected: false });
    expect(result.error).toContain('internal.test resolves to 127.0.0.1');
  });
});
