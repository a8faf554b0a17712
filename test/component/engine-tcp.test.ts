/**
 * tcp monitors against loopback servers: an echo server, a banner server, a closed
 * port, a server that accepts and never answers; the SSRF guard; Gatus' conditions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMonitorDefinition } from '../../functions/core/monitor.ts';
import { CLOUD_POLICY, runCheck } from '../../functions/engine/index.ts';
import { closedPort, startBannerServer, startEchoServer, type StreamServer } from '../helpers/protocol-servers.ts';
import { startSilentServer, type TestServer } from '../helpers/servers.ts';

let echo: StreamServer;
let banner: StreamServer;
let silent: TestServer;
let closed: number;

beforeAll(async () => {
  [echo, banner, silent, closed] = await Promise.all([startEchoServer(), startBannerServer('SSH-2.0-OpenSSH_9.6\r\n'), startSilentServer(), closedPort()]);
});
afterAll(async () => {
  await Promise.all([echo.close(), banner.close(), silent.close()]);
});

const tcp = (port: number, fields: Record<string, unknown> = {}) => parseMonitorDefinition({ type: 'tcp', name: 't', url: `tcp://127.0.0.1:${port}`, timeoutMs: 1500, ...fields });

describe('tcp checks', () => {
  it('passes on a port that accepts, with [CONNECTED] == true by default, and reads nothing', async () => {
    const result = await runCheck(tcp(echo.port), { region: 'local-a' });
    expect(result).toMatchObject({ success: true, cause: null, connected: true, method: 'TCP', url: `tcp://127.0.0.1:${echo.port}`, remoteIp: '127.0.0.1', status: 0 });
    expect(result.conditions).toEqual([{ condition: '[CONNECTED] == true', success: true }]);
    expect(result.timings.connect).not.toBeNull();
    expect(result.bodyExcerpt).toBe('');
  });

  it('sends the body and reads the answer into [BODY]', async () => {
    const result = await runCheck(tcp(echo.port, { body: 'PING\n', conditions: ['[CONNECTED] == true', '[BODY] == PING', '[RESPONSE_TIME] < 1500'] }));
    expect(result).toMatchObject({ success: true, bodyExcerpt: 'PING\n' });
    expect(result.timings.ttfb).not.toBeNull();
  });

  it('reads a banner when a condition reads [BODY], without sending anything', async () => {
    const before = banner.connections;
    const result = await runCheck(tcp(banner.port, { conditions: ['[BODY] == pat(SSH-2.0-*)'] }));
    expect(result).toMatchObject({ success: true, bodyExcerpt: 'SSH-2.0-OpenSSH_9.6\r\n' });
    expect(banner.connections).toBe(before + 1);
    expect(banner.received.at(-1)).toBe('');
  });

  it('reads at most readBytes of the answer', async () => {
    const result = await runCheck(tcp(echo.port, { body: 'abcdefgh', readBytes: 3, conditions: ['[BODY] == abc'] }));
    expect(result).toMatchObject({ success: true, bodyBytes: 3, bodyExcerpt: 'abc' });
  });

  it('fails with cause connect on a closed port', async () => {
    const result = await runCheck(tcp(closed));
    expect(result).toMatchObject({ success: false, cause: 'connect', errorCode: 'ECONNREFUSED', connected: false });
    expect(result.conditions).toEqual([{ condition: '[CONNECTED] (false) == true', success: false }]);
  });

  it('passes "this port must stay closed" with [CONNECTED] == false', async () => {
    const result = await runCheck(tcp(closed, { conditions: ['[CONNECTED] == false'] }));
    expect(result).toMatchObject({ success: true, cause: null });
  });

  it('a server that accepts and never answers: connected, then a timeout while waiting; [BODY] not evaluated', async () => {
    const result = await runCheck(tcp(silent.port, { body: 'hello', conditions: ['[CONNECTED] == true', '[BODY] == hi'], timeoutMs: 300 }));
    expect(result).toMatchObject({ success: false, cause: 'timeout', errorCode: 'waiting_for_response', connected: true });
    expect(result.conditions).toEqual([
      { condition: '[CONNECTED] == true', success: true },
      { condition: '[BODY] == hi (not evaluated: no response)', success: false },
    ]);
  });

  it('a server that accepts and never answers passes a connect-only check', async () => {
    expect(await runCheck(tcp(silent.port))).toMatchObject({ success: true });
  });

  it('the SSRF guard applies: loopback is refused under the cloud policy, metadata addresses always', async () => {
    expect(await runCheck(tcp(echo.port), { policy: CLOUD_POLICY })).toMatchObject({ success: false, cause: 'blocked', connected: false });
    const metadata = await runCheck(parseMonitorDefinition({ type: 'tcp', name: 'm', url: 'tcp://169.254.169.254:80' }));
    expect(metadata).toMatchObject({ success: false, cause: 'blocked', errorCode: 'cloud_metadata_address' });
  });

  it('a name that resolves to a refused address is refused before connecting', async () => {
    const lookup = async () => [{ address: '169.254.169.254', family: 4 as const }];
    const result = await runCheck(parseMonitorDefinition({ type: 'tcp', name: 'r', url: 'tcp://rebind.test:80' }), { lookup });
    expect(result).toMatchObject({ success: false, cause: 'blocked' });
  });

  it('a name that does not resolve fails with cause dns', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    };
    const result = await runCheck(parseMonitorDefinition({ type: 'tcp', name: 'n', url: 'tcp://nowhere.invalid:80' }), { lookup });
    expect(result).toMatchObject({ success: false, cause: 'dns', errorCode: 'ENOTFOUND' });
  });
});
