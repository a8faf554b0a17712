import { X509Certificate } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError } from '../../functions/core/errors.ts';
import { CLOUD_POLICY, LOCAL_POLICY, probe, type Lookup, type ProbeRequest } from '../../functions/engine/index.ts';
import { createLeafCertificate, createTestCa, daysFromNow, type TestCertificate } from '../helpers/certs.ts';
import {
  startHttpServer,
  startHttpsServer,
  startSilentServer,
  startTlsRecorder,
  type Handler,
  type TestServer,
} from '../helpers/servers.ts';

/** Resolves the given names like getaddrinfo would; anything else is ENOTFOUND. Never leaves the machine. */
function fakeLookup(names: Record<string, readonly string[]>): Lookup {
  return async (hostname) => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    return addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };
}

const lookup = fakeLookup({ 'target.test': ['127.0.0.1'] });

const routes: Handler = (request, res, server) => {
  const path = request.url.split('?')[0] ?? '';
  const redirect = (status: number, location: string): void => {
    res.writeHead(status, { location }).end();
  };
  if (path === '/ok') {
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '2',
      server: 'test-server',
      'x-request-id': 'req-1',
      etag: '"abc"',
      'set-cookie': 'session=secret',
    });
    res.end('ok');
  } else if (path === '/echo') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: request.method, body: request.body }));
  } else if (path.startsWith('/chain/')) {
    const left = Number(path.slice('/chain/'.length));
    if (left === 0) res.writeHead(200).end('end of chain');
    else redirect(302, `${left - 1}`); // relative to /chain/
  } else if (path === '/loop-a') {
    redirect(301, '/loop-b');
  } else if (path === '/loop-b') {
    redirect(301, `${server.origin}/loop-a`);
  } else if (path === '/see-other') {
    redirect(303, '/echo');
  } else if (path === '/temporary') {
    redirect(307, '/echo');
  } else if (path === '/found') {
    redirect(302, '/echo');
  } else if (path === '/to-metadata') {
    redirect(302, 'http://169.254.169.254/latest/meta-data/');
  } else if (path === '/to-ftp') {
    redirect(302, 'ftp://example.test/file');
  } else if (path === '/big') {
    const size = Number(new URL(request.url, 'http://x').searchParams.get('bytes'));
    res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(size));
  } else if (path === '/gzip') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync(JSON.stringify({ status: 'UP' })));
  } else if (path === '/latin1') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' }).end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  } else if (path === '/never') {
    // Holds the request open until the server is closed.
  } else if (path === '/broken-body') {
    res.writeHead(200, { 'content-length': '100' });
    res.write('only part of it');
    setImmediate(() => res.socket?.destroy());
  } else {
    res.writeHead(404).end('not found');
  }
};

let ca: TestCertificate;
let http: TestServer;

beforeAll(async () => {
  ca = await createTestCa();
  http = await startHttpServer(routes);
});
afterAll(async () => {
  await http.close();
});

function request(overrides: Partial<ProbeRequest> & { url: string }): ProbeRequest {
  return { timeoutMs: 5_000, ...overrides };
}

describe('probe over HTTP', () => {
  it('observes a successful GET with status, kept headers, body and remote address', async () => {
    const observation = await probe(request({ url: `${http.origin}/ok` }));

    expect(observation).toMatchObject({
      url: `${http.origin}/ok`,
      method: 'GET',
      region: 'local',
      connected: true,
      status: 200,
      httpVersion: '1.1',
      remoteIp: '127.0.0.1',
      body: 'ok',
      bodyBytes: 2,
      tls: null,
      redirects: [],
      cause: null,
      error: null,
    });
    expect(observation.headers).toEqual({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '2',
      server: 'test-server',
      'x-request-id': 'req-1',
      etag: '"abc"',
      date: expect.any(String),
    });
    expect(observation.headers).not.toHaveProperty('set-cookie');
    expect(Number.isNaN(Date.parse(observation.startedAt))).toBe(false);
  });

  it('takes timings from socket events, in order, with no DNS phase for an IP literal', async () => {
    const { timings } = await probe(request({ url: `${http.origin}/ok` }));

    expect(timings.dns).toBeNull();
    expect(timings.tls).toBeNull();
    expect(timings.connect).toEqual(expect.any(Number));
    expect(timings.ttfb).toEqual(expect.any(Number));
    expect(timings.connect!).toBeGreaterThanOrEqual(0);
    expect(timings.ttfb!).toBeGreaterThanOrEqual(timings.connect!);
    expect(timings.total).toBeGreaterThanOrEqual(timings.ttfb!);
  });

  it('times name resolution for a host name and sends the name as Host', async () => {
    const observation = await probe(request({ url: `http://target.test:${http.port}/ok` }), LOCAL_POLICY, { lookup });

    const { dns, connect, ttfb, total } = observation.timings;
    expect(observation.status).toBe(200);
    expect(dns).toEqual(expect.any(Number));
    expect(connect!).toBeGreaterThanOrEqual(dns!);
    expect(ttfb!).toBeGreaterThanOrEqual(connect!);
    expect(total).toBeGreaterThanOrEqual(ttfb!);
    expect(http.requests.at(-1)?.headers.host).toBe(`target.test:${http.port}`);
  });

  it('says who is probing and from where, whatever the monitor headers say', async () => {
    await probe(
      request({
        url: `${http.origin}/echo`,
        region: 'eu-west-1',
        headers: { 'User-Agent': 'pretend-browser', 'x-crosscheck-region': 'elsewhere', 'X-Custom': 'yes', Authorization: 'Bearer t' },
      }),
    );
    const received = http.requests.at(-1)!;
    expect(received.headers['user-agent']).toBe(`CrossCheck/${packageJson.version}`);
    expect(received.headers['x-crosscheck-region']).toBe('eu-west-1');
    expect(received.headers['x-custom']).toBe('yes');
    expect(received.headers.authorization).toBe('Bearer t');

    await probe(request({ url: `${http.origin}/echo` }));
    expect(http.requests.at(-1)!.headers['x-crosscheck-region']).toBe('local');
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('delivers the method and body of a %s', async (method) => {
    const observation = await probe(
      request({ url: `${http.origin}/echo`, method, headers: { 'content-type': 'application/json' }, body: '{"hello":"wörld"}' }),
    );
    const received = http.requests.at(-1)!;
    expect(received.method).toBe(method);
    expect(received.body).toBe('{"hello":"wörld"}');
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['content-length']).toBe(String(Buffer.byteLength('{"hello":"wörld"}')));
    expect(JSON.parse(observation.body)).toEqual({ method, body: '{"hello":"wörld"}' });
  });

  it('opens a new connection for every check and asks the server to close it', async () => {
    const before = http.connections;
    await probe(request({ url: `${http.origin}/ok` }));
    await probe(request({ url: `${http.origin}/ok` }));
    expect(http.connections - before).toBe(2);
    expect(http.requests.at(-1)!.headers.connection).toBe('close');
  });

  it('observes a HEAD response without a body', async () => {
    const observation = await probe(request({ url: `${http.origin}/ok`, method: 'HEAD' }));
    expect(observation).toMatchObject({ status: 200, body: '', bodyBytes: 0, cause: null });
    expect(http.requests.at(-1)!.method).toBe('HEAD');
  });

  it('decodes a gzip body and a charset named by the server', async () => {
    const gzip = await probe(request({ url: `${http.origin}/gzip`, headers: { 'accept-encoding': 'gzip' } }));
    expect(JSON.parse(gzip.body)).toEqual({ status: 'UP' });
    expect(gzip.headers['content-encoding']).toBe('gzip');

    const latin1 = await probe(request({ url: `${http.origin}/latin1` }));
    expect(latin1.body).toBe('café');
  });

  it('returns a 404 as data: the engine judges nothing', async () => {
    const observation = await probe(request({ url: `${http.origin}/missing` }));
    expect(observation).toMatchObject({ status: 404, body: 'not found', cause: null, error: null });
  });
});

describe('probe body cap', () => {
  it('fails with cause body when the body is larger than the cap, keeping the first bytes', async () => {
    const observation = await probe(request({ url: `${http.origin}/big?bytes=5000`, bodyCapBytes: 1000 }));
    expect(observation.cause).toBe('body');
    expect(observation.error).toContain('1000 bytes');
    expect(observation.status).toBe(200);
    expect(observation.body).toBe('x'.repeat(1000));
    expect(observation.bodyBytes).toBeGreaterThan(1000);
  });

  it('caps at 1 MiB by default', async () => {
    const exact = await probe(request({ url: `${http.origin}/big?bytes=${1024 * 1024}` }));
    expect(exact.cause).toBeNull();
    expect(exact.bodyBytes).toBe(1024 * 1024);

    const over = await probe(request({ url: `${http.origin}/big?bytes=${1024 * 1024 + 1}` }));
    expect(over.cause).toBe('body');
  });

  it('fails with cause http when the connection breaks mid-body', async () => {
    const observation = await probe(request({ url: `${http.origin}/broken-body` }));
    expect(observation).toMatchObject({ status: 200, cause: 'http' });
  });
});

describe('probe transport failures', () => {
  it('reports a refused connection with cause connect', async () => {
    const closed = await startHttpServer();
    await closed.close();
    const observation = await probe(request({ url: `${closed.origin}/` }));
    expect(observation).toMatchObject({ cause: 'connect', connected: false, status: 0 });
    expect(observation.error).toContain('ECONNREFUSED');
  });

  it('reports a server that never answers with cause timeout', async () => {
    const silent = await startSilentServer();
    try {
      const observation = await probe(request({ url: `${silent.origin}/`, timeoutMs: 200 }));
      expect(observation).toMatchObject({ cause: 'timeout', connected: true, status: 0 });
      expect(observation.error).toBe('timed out after 200 ms waiting for the response');
    } finally {
      await silent.close();
    }
  });

  it('reports a hung response with cause timeout', async () => {
    const observation = await probe(request({ url: `${http.origin}/never`, timeoutMs: 200 }));
    expect(observation.cause).toBe('timeout');
  });

  it('times out while resolving when the resolver hangs', async () => {
    const hanging: Lookup = () => new Promise(() => {});
    const observation = await probe(request({ url: 'http://slow.test/', timeoutMs: 100 }), LOCAL_POLICY, { lookup: hanging });
    expect(observation).toMatchObject({ cause: 'timeout', error: 'timed out after 100 ms resolving the host name' });
  });

  it('reports a name that cannot resolve with cause dns', async () => {
    const observation = await probe(request({ url: 'http://nonexistent.invalid/' }), LOCAL_POLICY, { lookup });
    expect(observation).toMatchObject({ cause: 'dns', connected: false, status: 0, remoteIp: null });
    expect(observation.error).toContain('nonexistent.invalid');
    expect(observation.error).toContain('ENOTFOUND');
    expect(observation.timings.dns).toBeNull();
  });

  it('reports a resolver answer with no addresses with cause dns', async () => {
    const observation = await probe(request({ url: 'http://empty.test/' }), LOCAL_POLICY, { lookup: async () => [] });
    expect(observation.cause).toBe('dns');
  });

  it('never throws for a bad request: an invalid header value is data', async () => {
    const observation = await probe(request({ url: `${http.origin}/ok`, headers: { 'x-bad': 'line\nbreak' } }));
    expect(observation.cause).toBe('http');
    expect(observation.error).toContain('could not send the request');
  });

  it.each([
    ['not a URL', 'not a URL'],
    ['ftp://127.0.0.1/', 'scheme ftp: is not supported'],
  ])('never throws for an unusable URL: %s', async (url, message) => {
    const observation = await probe(request({ url }));
    expect(observation.cause).toBe('http');
    expect(observation.error).toContain(message);
  });

  it('throws ConfigError (not a check failure) for a malformed policy', async () => {
    await expect(probe(request({ url: `${http.origin}/ok` }), { allowPrivate: false, allowedRanges: ['10.0.0.0/33'] })).rejects.toThrow(
      ConfigError,
    );
  });
});

describe('probe over HTTPS', () => {
  let valid: TestServer;
  let selfSigned: TestServer;
  let expired: TestServer;
  let wrongName: TestServer;
  let validCert: TestCertificate;

  beforeAll(async () => {
    validCert = await createLeafCertificate({ dnsNames: ['target.test'], issuer: ca, notAfter: daysFromNow(90.5) });
    valid = await startHttpsServer(validCert, routes);
    selfSigned = await startHttpsServer(await createLeafCertificate({ dnsNames: ['target.test'] }), routes);
    expired = await startHttpsServer(
      await createLeafCertificate({ dnsNames: ['target.test'], issuer: ca, notBefore: daysFromNow(-30), notAfter: daysFromNow(-1.5) }),
      routes,
    );
    wrongName = await startHttpsServer(await createLeafCertificate({ dnsNames: ['other.test'], ips: [], issuer: ca }), routes);
  });
  afterAll(async () => {
    await Promise.all([valid, selfSigned, expired, wrongName].map((s) => s.close()));
  });

  it('collects the TLS facts of a chain that verifies', async () => {
    const observation = await probe(request({ url: `https://target.test:${valid.port}/ok`, ca: ca.cert }), LOCAL_POLICY, { lookup });
    const leaf = new X509Certificate(validCert.cert);

    expect(observation).toMatchObject({ status: 200, body: 'ok', cause: null });
    expect(observation.tls).toEqual({
      protocol: 'TLSv1.3',
      cipher: expect.any(String),
      subject: 'CN=target.test',
      issuer: 'CN=CrossCheck Test CA',
      subjectAltNames: ['target.test', '127.0.0.1'],
      notBefore: new Date(leaf.validFrom).toISOString(),
      notAfter: new Date(leaf.validTo).toISOString(),
      fingerprint256: leaf.fingerprint256,
      daysLeft: 90,
      chainVerified: true,
      verificationError: null,
    });
    const { dns, connect, tls, ttfb, total } = observation.timings;
    expect(connect!).toBeGreaterThanOrEqual(dns!);
    expect(tls!).toBeGreaterThanOrEqual(connect!);
    expect(ttfb!).toBeGreaterThanOrEqual(tls!);
    expect(total).toBeGreaterThanOrEqual(ttfb!);
    expect(valid.requests.at(-1)!.headers['user-agent']).toBe(`CrossCheck/${packageJson.version}`);
  });

  it('checks the certificate against the IP when the URL host is an IP literal', async () => {
    const observation = await probe(request({ url: `https://127.0.0.1:${valid.port}/ok`, ca: ca.cert }));
    expect(observation.tls?.chainVerified).toBe(true);
    expect(observation.cause).toBeNull();
  });

  it('refuses a self-signed certificate before sending anything, with the facts', async () => {
    const before = selfSigned.requests.length;
    const observation = await probe(request({ url: `https://target.test:${selfSigned.port}/ok` }), LOCAL_POLICY, { lookup });

    expect(observation).toMatchObject({ cause: 'tls', status: 0, connected: true });
    expect(observation.error).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(observation.tls).toMatchObject({
      chainVerified: false,
      verificationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      subject: 'CN=target.test',
      fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    });
    expect(observation.timings.tls).toEqual(expect.any(Number));
    expect(selfSigned.connections).toBeGreaterThan(0);
    expect(selfSigned.requests.length).toBe(before);
  });

  it('accepts a self-signed certificate with verifyTls false, still reporting that it did not verify', async () => {
    const observation = await probe(request({ url: `https://target.test:${selfSigned.port}/ok`, verifyTls: false }), LOCAL_POLICY, { lookup });

    expect(observation).toMatchObject({ status: 200, body: 'ok', cause: null });
    expect(observation.tls).toMatchObject({ chainVerified: false, verificationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', subject: 'CN=target.test' });
    expect(selfSigned.requests.at(-1)?.url).toBe('/ok');
  });

  it('refuses an expired certificate with CERT_HAS_EXPIRED and negative days left', async () => {
    const before = expired.requests.length;
    const observation = await probe(request({ url: `https://target.test:${expired.port}/ok`, ca: ca.cert }), LOCAL_POLICY, { lookup });

    expect(observation.cause).toBe('tls');
    expect(observation.tls).toMatchObject({ chainVerified: false, verificationError: 'CERT_HAS_EXPIRED', daysLeft: -2 });
    expect(expired.requests.length).toBe(before);
  });

  it('refuses a certificate for another host name', async () => {
    const before = wrongName.requests.length;
    const observation = await probe(request({ url: `https://target.test:${wrongName.port}/ok`, ca: ca.cert }), LOCAL_POLICY, { lookup });

    expect(observation.cause).toBe('tls');
    expect(observation.tls).toMatchObject({ chainVerified: false, verificationError: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(wrongName.requests.length).toBe(before);
  });

  it('sends not one byte after the handshake to a peer that did not verify', async () => {
    const recorder = await startTlsRecorder(await createLeafCertificate({ dnsNames: ['target.test'] }));
    try {
      const refused = await probe(request({ url: `https://target.test:${recorder.port}/`, timeoutMs: 2_000 }), LOCAL_POLICY, { lookup });
      expect(refused.cause).toBe('tls');
      expect(recorder.sessions).toHaveLength(1);
      await recorder.sessions[0]!.closed;
      expect(recorder.sessions[0]!.bytes).toBe(0);

      // The same server does see the request once verification is switched off.
      const sent = await probe(request({ url: `https://target.test:${recorder.port}/`, timeoutMs: 300, verifyTls: false }), LOCAL_POLICY, {
        lookup,
      });
      expect(sent.cause).toBe('timeout');
      await recorder.sessions[1]!.closed;
      expect(recorder.sessions[1]!.bytes).toBeGreaterThan(0);
    } finally {
      await recorder.close();
    }
  });

  it('reports a TLS handshake with a plain HTTP server as cause tls', async () => {
    const observation = await probe(request({ url: `https://127.0.0.1:${http.port}/ok` }));
    expect(observation).toMatchObject({ cause: 'tls', connected: true });
  });
});

describe('probe redirects', () => {
  it('follows redirects, resolving relative locations, and records the chain', async () => {
    const observation = await probe(request({ url: `${http.origin}/chain/3` }));

    expect(observation).toMatchObject({ status: 200, body: 'end of chain', cause: null, url: `${http.origin}/chain/3` });
    expect(observation.redirects).toEqual([
      { url: `${http.origin}/chain/3`, status: 302, location: `${http.origin}/chain/2` },
      { url: `${http.origin}/chain/2`, status: 302, location: `${http.origin}/chain/1` },
      { url: `${http.origin}/chain/1`, status: 302, location: `${http.origin}/chain/0` },
    ]);
  });

  it('returns the redirect itself when followRedirects is false', async () => {
    const observation = await probe(request({ url: `${http.origin}/chain/3`, followRedirects: false }));
    expect(observation).toMatchObject({ status: 302, redirects: [], cause: null });
    expect(observation.headers.location).toBe('2');
  });

  it('fails with cause http beyond the redirect limit', async () => {
    const observation = await probe(request({ url: `${http.origin}/chain/3`, maxRedirects: 2 }));
    expect(observation).toMatchObject({ cause: 'http', error: 'too many redirects: more than 2', status: 302 });
    expect(observation.redirects).toHaveLength(3);
  });

  it('allows exactly the limit', async () => {
    const observation = await probe(request({ url: `${http.origin}/chain/5` }));
    expect(observation).toMatchObject({ status: 200, cause: null });
    expect(observation.redirects).toHaveLength(5);
  });

  it('fails with cause http on a redirect loop', async () => {
    const observation = await probe(request({ url: `${http.origin}/loop-a`, maxRedirects: 10 }));
    expect(observation).toMatchObject({ cause: 'http', error: `redirect loop: ${http.origin}/loop-a was already visited` });
    expect(observation.redirects.map((hop) => hop.url)).toEqual([`${http.origin}/loop-a`, `${http.origin}/loop-b`]);
  });

  it('refuses a redirect to a scheme other than http(s)', async () => {
    const observation = await probe(request({ url: `${http.origin}/to-ftp` }));
    expect(observation.cause).toBe('http');
    expect(observation.error).toContain('ftp://example.test/file');
  });

  it.each([
    ['/see-other', 'POST', 'GET', ''],
    ['/found', 'POST', 'GET', ''],
    ['/temporary', 'POST', 'POST', 'payload'],
    ['/see-other', 'PUT', 'GET', ''],
    ['/found', 'PUT', 'PUT', 'payload'],
  ])('after %s a %s becomes a %s', async (path, method, expectedMethod, expectedBody) => {
    const observation = await probe(request({ url: `${http.origin}${path}`, method, body: 'payload', headers: { 'content-type': 'text/plain' } }));
    const received = http.requests.at(-1)!;
    expect(observation.status).toBe(200);
    expect(received.url).toBe('/echo');
    expect(received.method).toBe(expectedMethod);
    expect(received.body).toBe(expectedBody);
    expect(received.headers['content-type']).toBe(expectedMethod === 'GET' ? undefined : 'text/plain');
  });

  it('keeps credentials on the same origin and drops them on another', async () => {
    const other = await startHttpServer();
    const hopper = await startHttpServer((req, res) => {
      res.writeHead(302, { location: req.url === '/same' ? '/landing' : `${other.origin}/landing` }).end();
    });
    try {
      await probe(request({ url: `${hopper.origin}/away`, headers: { authorization: 'Bearer secret', 'x-keep': '1' } }));
      expect(other.requests.at(-1)!.headers.authorization).toBeUndefined();
      expect(other.requests.at(-1)!.headers['x-keep']).toBe('1');
      expect(other.requests.at(-1)!.headers['user-agent']).toBe(`CrossCheck/${packageJson.version}`);
    } finally {
      await Promise.all([other.close(), hopper.close()]);
    }
  });
});

describe('probe SSRF guard', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['http://[::ffff:169.254.169.254]/', 'cloud metadata'],
    ['http://[::ffff:a9fe:a9fe]/', 'cloud metadata'],
    ['http://[fd00:ec2::254]/', 'cloud metadata'],
    ['http://2852039166/', 'cloud metadata'],
    ['http://100.100.100.200/latest/meta-data/', 'Alibaba'],
    ['http://192.0.0.192/', 'Oracle'],
    ['http://169.254.10.1/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://224.0.0.1/', 'multicast'],
  ])('always refuses %s, even under the local policy', async (url, reason) => {
    const resolver = vi.fn<Lookup>(async () => []);
    const observation = await probe(request({ url }), LOCAL_POLICY, { lookup: resolver });

    expect(observation).toMatchObject({ cause: 'blocked', connected: false, status: 0, remoteIp: null });
    expect(observation.error).toContain(reason);
    expect(resolver).not.toHaveBeenCalled();
  });

  it.each([
    [['169.254.169.254']],
    [['93.184.216.34', '169.254.169.254']],
    [['::ffff:169.254.169.254']],
  ])('refuses a host name that resolves to a blocked address: %j', async (addresses) => {
    const observation = await probe(request({ url: 'http://rebind.test/' }), LOCAL_POLICY, {
      lookup: fakeLookup({ 'rebind.test': addresses }),
    });
    expect(observation).toMatchObject({ cause: 'blocked', connected: false });
    expect(observation.error).toContain('rebind.test resolves to');
    expect(observation.timings.dns).toEqual(expect.any(Number));
  });

  it('refuses loopback when private addresses are not allowed, without connecting', async () => {
    const target = await startHttpServer();
    try {
      const observation = await probe(request({ url: `${target.origin}/` }), CLOUD_POLICY);
      expect(observation).toMatchObject({ cause: 'blocked', connected: false });
      expect(observation.error).toContain('loopback');
      expect(target.connections).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('allows a private range listed in allowedRanges', async () => {
    const observation = await probe(request({ url: `${http.origin}/ok` }), { allowPrivate: false, allowedRanges: ['127.0.0.0/8'] });
    expect(observation).toMatchObject({ status: 200, cause: null });
  });

  it('refuses a host name resolving to loopback under the cloud policy, using the system resolver by default', async () => {
    const observation = await probe(request({ url: 'http://localhost:9/' }), CLOUD_POLICY);
    expect(observation).toMatchObject({ cause: 'blocked', connected: false });
    expect(observation.error).toContain('localhost resolves to');
  });

  it('vets every redirect hop: an allowed host redirecting to a metadata address is refused', async () => {
    const observation = await probe(request({ url: `${http.origin}/to-metadata` }));
    expect(observation).toMatchObject({ cause: 'blocked', connected: false, status: 0 });
    expect(observation.redirects).toEqual([
      { url: `${http.origin}/to-metadata`, status: 302, location: 'http://169.254.169.254/latest/meta-data/' },
    ]);
  });
});
