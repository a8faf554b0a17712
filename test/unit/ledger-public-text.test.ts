import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../functions/core/check-result.ts';
import { publicFailureText, publicUrl } from '../../functions/core/ledger/index.ts';

describe('publicUrl: the origin, rebuilt from parsed fields', () => {
  it.each([
    ['https://example.test/health', 'https://example.test'],
    ['https://example.test/health?token=secret', 'https://example.test'],
    ['https://example.test/a/b#section', 'https://example.test'],
    ['https://user:pass@example.test/x', 'https://example.test'],
    ['http://127.0.0.1:8080/health?token=secret&x=1', 'http://127.0.0.1:8080'],
    ['https://Example.TEST:443/', 'https://example.test'],
    ['https://example.test:8443', 'https://example.test:8443'],
    ['http://[::1]:9000/p?q', 'http://[::1]:9000'],
    ["http://127.0.0.1:9/it's/loop?token=secret", 'http://127.0.0.1:9'],
    ['https://hooks.example.test/services/T000/B000/XXXXSECRET', 'https://hooks.example.test'],
    ['http://shop.test/app;jsessionid=SECRET', 'http://shop.test'],
    ['https://bücher.test/', 'https://xn--bcher-kva.test'],
  ])('%s -> %s', (url, expected) => {
    expect(publicUrl(url)).toBe(expected);
  });

  it.each(['weird://user@host/p?q=1', 'not a url?token=secret', 'mailto:a@b.test', ''])('%s is no public URL', (url) => {
    expect(publicUrl(url)).toBeNull();
  });

  it.each([
    [{ scheme: 'http', host: 'a.test@evil.test', port: null, path: '/' }],
    [{ scheme: 'http', host: 'a.test/x?token=secret', port: null, path: '/' }],
    [{ scheme: 'http', host: 'a.test:81', port: null, path: '/' }],
    [{ scheme: 'http', host: 'A.TEST', port: null, path: '/' }],
    [{ scheme: 'http', host: 'a.test', port: 0, path: '/' }],
    [{ scheme: 'http', host: 'a.test', port: 1.5, path: '/' }],
    [{ scheme: 'ftp', host: 'a.test', port: null, path: '/' }],
    [{ scheme: 'http', host: '', port: null, path: '/' }],
  ])('refuses parts that are not what the URL parser gives: %j', (parts) => {
    expect(publicUrl(parts)).toBeNull();
  });
});

const failed = (fields: Partial<Pick<CheckResult, 'cause' | 'error' | 'errorCode' | 'errorUrl'>>) => ({
  cause: 'http' as CheckResult['cause'],
  error: 'some text for the operator: http://a.test/x?token=secret',
  ...fields,
});

describe('publicFailureText: cause, code and parsed URL only', () => {
  it.each([
    [failed({ cause: 'connect', errorCode: 'ECONNREFUSED', error: 'could not connect: connect ECONNREFUSED 10.0.0.5:443' }), 'connect: ECONNREFUSED'],
    [failed({ cause: 'tls', errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'tls: ERR_TLS_CERT_ALTNAME_INVALID'],
    [failed({ cause: 'dns', errorCode: 'ENOTFOUND' }), 'dns: ENOTFOUND'],
    [failed({ cause: 'timeout', errorCode: 'waiting_for_response' }), 'timeout: waiting for response'],
    [failed({ cause: 'blocked', errorCode: 'cloud_metadata_address' }), 'blocked: cloud metadata address'],
    [
      failed({ errorCode: 'redirect_loop', errorUrl: { scheme: 'http', host: '127.0.0.1', port: 9, path: "/it's/loop" } }),
      'http: redirect loop at http://127.0.0.1:9',
    ],
    [failed({ errorCode: 'too_many_redirects', errorUrl: { scheme: 'https', host: 'a.test', port: 443, path: '/' } }), 'http: too many redirects at https://a.test'],
    [failed({ errorCode: 'redirect_loop', errorUrl: { scheme: 'http', host: 'a.test?token=secret', port: null, path: '/' } }), 'http: redirect loop'],
    // Results stored before codes existed: the cause alone, never the free text.
    [failed({ cause: 'connect', error: 'connect ECONNREFUSED 10.0.0.5:443' }), 'connect'],
    // A code that is not a plain identifier is left out.
    [failed({ errorCode: 'redirect loop: http://a.test/?token=secret' }), 'http'],
    [failed({ errorCode: 'ECONNREFUSED token=secret' }), 'http'],
    // All conditions passed on a transport failure ([CONNECTED] == false): no cause, the code alone.
    [failed({ cause: null, errorCode: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    [failed({ cause: 'condition', error: null }), null],
  ])('%j -> %s', (result, expected) => {
    expect(publicFailureText(result)).toBe(expected);
  });
});
