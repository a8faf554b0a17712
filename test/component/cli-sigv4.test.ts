/**
 * `--aws`: the CLI signs its API requests with SigV4 for execute-api, with credentials
 * from the standard chain. A loopback server plays API Gateway: it re-signs the request
 * it received with the same key and compares signatures.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../functions/cli/io.ts';
import { monitorsCommand } from '../../functions/cli/monitors.ts';
import { regionOfApiUrl } from '../../functions/cli/sigv4.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('crosscheck --aws (SigV4)', () => {
  let api: TestServer;
  const saved = { ...process.env };
  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = KEY.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = KEY.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    api = await startHttpServer((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [], nextCursor: null }));
    });
  });
  afterAll(async () => {
    process.env = saved;
    await api.close();
  });

  it('reads the region from an execute-api host', () => {
    expect(regionOfApiUrl('https://abc123.execute-api.eu-west-1.amazonaws.com/')).toBe('eu-west-1');
    expect(regionOfApiUrl('http://127.0.0.1:8070/')).toBeNull();
  });

  it('signs each request so that API Gateway would accept it', async () => {
    let out = '';
    const io: CliIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => undefined }, env: {} };
    expect(await monitorsCommand(['list', '--aws', '--aws-region', 'eu-west-1', '--api', `${api.origin}/`], io)).toBe(0);
    const seen = api.requests.at(-1)!;
    const authorization = String(seen.headers.authorization);
    expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);

    // Re-sign what arrived, at the time it claims, and compare.
    const url = new URL(seen.url, api.origin);
    const amzDate = String(seen.headers['x-amz-date']);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
    const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(seen.headers[name])]));
    const verifier = new SignatureV4({ service: 'execute-api', region: 'eu-west-1', credentials: KEY, sha256: Hash.bind(null, 'sha256') });
    const when = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const again = await verifier.sign(
      { method: seen.method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body: seen.body || undefined },
      { signingDate: when },
    );
    expect(again.headers.authorization).toBe(authorization);
  });

  it('a missing region is a usage error, not an unsigned request', async () => {
    let err = '';
    const io: CliIo = { stdout: { write: () => undefined }, stderr: { write: (t: string) => (err += t) }, env: {} };
    const before = api.requests.length;
    expect(await monitorsCommand(['list', '--aws', '--api', `${api.origin}/`], io)).toBe(2);
    expect(err).toContain('--aws-region is needed');
    expect(api.requests.length).toBe(before);
  });
});
