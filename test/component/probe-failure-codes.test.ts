/**
 * The engine records each failure as structured data beside its text: the cause, a
 * stable code and, for a redirect failure, the URL as parsed fields (no userinfo,
 * query or fragment). Public text is built from these alone (public-text.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicFailureText } from '../../functions/core/ledger/index.ts';
import { CLOUD_POLICY, LOCAL_POLICY, probe, type Lookup, type ProbeRequest } from '../../functions/engine/index.ts';
import { createLeafCertificate } from '../helpers/certs.ts';
import { startHttpServer, startHttpsServer, startSilentServer, type TestServer } from '../helpers/servers.ts';

const lookup: Lookup = async (hostname) => {
  if (hostname === 'metadata.test') return [{ address: '169.254.169.254', family: 4 }];
  if (hostname === 'empty.test') return [];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

let http: TestServer;
let https: TestServer;
let silent: TestServer;
let closedPort: number;

beforeAll(async () => {
  http = await startHttpServer((request, res) => {
    const path = request.url.split('?')[0];
    if (path === '/loop') res.writeHead(302, { location: request.url }).end();
    else if (path?.startsWith('/hop/')) res.writeHead(302, { location: `/hop/${Number(path.slice(5)) + 1}?sig=SECRET` }).end();
    else if (path === '/big') res.writeHead(200).end('x'.repeat(2048));
    else if (path === '/cut') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.destroy(), 10);
    } else if (path === '/ftp') res.writeHead(302, { location: 'ftp://files.test/x' }).end();
    else if (path === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all');
    else res.writeHead(200).end('ok');
  });
  https = await startHttpsServer(await createLeafCertificate());
  silent = await startSilentServer();
  const spare = await startHttpServer();
  closedPort = spare.port;
  await spare.close();
});
afterAll(async () => {
  await Promise.all([http?.close(), https?.close(), silent?.close()]);
});

const run = (request: ProbeRequest, policy = LOCAL_POLICY) => probe({ timeoutMs: 2_000, ...request }, policy, { lookup });

describe('the structured failure of a check', () => {
  it('a redirect loop: code redirect_loop and the URL, parsed, without its query', async () => {
    const observed = await run({ url: `${http.origin}/loop?token=SECRET#frag` });
    expect(observed).toMatchObject({ cause: 'http', errorCode: 'redirect_loop', errorUrl: { scheme: 'http', host: '127.0.0.1', port: http.port, path: '/loop' } });
    expect(observed.error).toContain('token=SECRET');
    expect(JSON.stringify(observed.errorUrl)).not.toContain('SECRET');
    expect(publicFailureText(observed)).toBe(`http: redirect loop at ${http.origin}`);
  });

  it('too many redirects: the URL it stopped at', async () => {
    const observed = await run({ url: `${http.origin}/hop/0`, maxRedirects: 2 });
    expect(observed).toMatchObject({ cause: 'http', errorCode: 'too_many_redirects', errorUrl: { path: '/hop/3' } });
    expect(publicFailureText(observed)).toBe(`http: too many redirects at ${http.origin}`);
  });

  it.each([
    ['a refused connection', () => ({ url: `http://127.0.0.1:${closedPort}/` }), 'connect', 'ECONNREFUSED'],
    ['a name that does not resolve', () => ({ url: 'http://nowhere.test/' }), 'dns', 'ENOTFOUND'],
    ['a name without addresses', () => ({ url: 'http://empty.test/' }), 'dns', 'no_addresses'],
    ['a redirect to ftp', () => ({ url: `${http.origin}/ftp` }), 'http', 'redirect_not_http'],
    ['a body over the cap', () => ({ url: `${http.origin}/big`, bodyCapBytes: 1024 }), 'body', 'larger_than_cap'],
    // Node reports the reset (ECONNRESET) or the engine sees the body end short (incomplete_body), whichever comes first.
    ['a body cut short', () => ({ url: `${http.origin}/cut` }), 'http', expect.stringMatching(/^(?:ECONNRESET|incomplete_body)$/)],
    ['a body that is not the gzip it claims', () => ({ url: `${http.origin}/gzip` }), 'http', 'undecodable_body'],
    ['an unsupported scheme', () => ({ url: 'ftp://files.test/' }), 'http', 'unsupported_scheme'],
    ['a server that never answers', () => ({ url: `${silent.origin}/`, timeoutMs: 300 }), 'timeout', 'waiting_for_response'],
    ['a self-signed certificate', () => ({ url: `${https.origin}/` }), 'tls', expect.stringMatching(/^[A-Z][A-Z0-9_]+$/)],
  ] as const)('%s', async (_what, request, cause, code) => {
    const observed = await run(request());
    expect(observed).toMatchObject({ cause, errorCode: code, errorUrl: null });
    expect(observed.error).toEqual(expect.any(String));
  });

  it('a blocked address: the kind of address as the code', async () => {
    const observed = await run({ url: 'http://metadata.test/latest/meta-data/' }, CLOUD_POLICY);
    expect(observed).toMatchObject({ cause: 'blocked', errorCode: 'cloud_metadata_address', errorUrl: null });
    expect(publicFailureText(observed)).toBe('blocked: cloud metadata address');
    const loopback = await run({ url: `${http.origin}/` }, CLOUD_POLICY);
    expect(loopback).toMatchObject({ cause: 'blocked', errorCode: 'loopback_address' });
  });

  it('a passing check has no code and no URL', async () => {
    expect(await run({ url: `${http.origin}/` })).toMatchObject({ cause: null, error: null, errorCode: null, errorUrl: null });
  });
});
