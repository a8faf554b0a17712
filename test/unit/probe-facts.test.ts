import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { decodeText } from '../../functions/engine/exchange.ts';
import { outgoingHeaders, USER_AGENT, withDefaults } from '../../functions/engine/request.ts';
import { KEPT_RESPONSE_HEADERS, selectHeaders } from '../../functions/engine/response-headers.ts';
import { formatName, parseSubjectAltNames } from '../../functions/engine/tls-facts.ts';

describe('certificate text', () => {
  it.each([
    ['DNS:a.test, DNS:*.a.test', ['a.test', '*.a.test']],
    ['DNS:a.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1', ['a.test', '127.0.0.1', '0:0:0:0:0:0:0:1']],
    ['DNS:"a,b.test", URI:https://a.test/x, email:me@a.test', ['a,b.test', 'https://a.test/x', 'me@a.test']],
    ['', []],
    [undefined, []],
  ])('parses the SANs %j', (text, names) => {
    expect(parseSubjectAltNames(text)).toEqual(names);
  });

  it('formats a distinguished name, repeated attributes included', () => {
    expect(formatName({ C: 'US', O: 'Let’s Encrypt', CN: 'R11' })).toBe('C=US, O=Let’s Encrypt, CN=R11');
    expect(formatName({ OU: ['a', 'b'], CN: 'x' })).toBe('OU=a, OU=b, CN=x');
    expect(formatName({})).toBeNull();
    expect(formatName(undefined)).toBeNull();
  });
});

describe('request defaults and identity', () => {
  it('fills the monitor model defaults', () => {
    expect(withDefaults({ url: 'https://a.test/' })).toEqual({
      url: 'https://a.test/',
      method: 'GET',
      headers: {},
      body: undefined,
      timeoutMs: 10_000,
      followRedirects: true,
      maxRedirects: 5,
      verifyTls: true,
      region: 'local',
      bodyCapBytes: 1024 * 1024,
      ca: undefined,
    });
  });

  it('uses the package version in the User-Agent', () => {
    expect(USER_AGENT).toBe(`CrossCheck/${packageJson.version}`);
  });

  it('puts the identity headers over any the monitor sets, case-insensitively', () => {
    expect(outgoingHeaders({ 'USER-AGENT': 'x', 'X-CrossCheck-Region': 'y', Accept: 'text/html', constructor: 'kept' }, 'eu-west-1')).toEqual({
      Accept: 'text/html',
      constructor: 'kept',
      'user-agent': USER_AGENT,
      'x-crosscheck-region': 'eu-west-1',
    });
  });
});

describe('response facts', () => {
  it('keeps only allow-listed headers, joining repeated ones', () => {
    expect(
      selectHeaders({ 'content-type': 'text/html', 'set-cookie': ['a=1'], 'x-secret': 's', via: '1.1 a', 'www-authenticate': 'Basic' }),
    ).toEqual({ 'content-type': 'text/html', via: '1.1 a', 'www-authenticate': 'Basic' });
    expect(KEPT_RESPONSE_HEADERS).not.toContain('set-cookie');
    expect(KEPT_RESPONSE_HEADERS).toEqual([...KEPT_RESPONSE_HEADERS].map((name) => name.toLowerCase()));
  });

  it.each([
    [Buffer.from('café'), 'text/plain; charset=utf-8', 'café'],
    [Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/plain; charset="ISO-8859-1"', 'café'],
    [Buffer.from('plain'), 'text/plain; charset=no-such-charset', 'plain'],
    [Buffer.from('{}'), undefined, '{}'],
  ])('decodes %j as %s', (bytes, contentType, text) => {
    expect(decodeText(bytes, contentType)).toBe(text);
  });
});
