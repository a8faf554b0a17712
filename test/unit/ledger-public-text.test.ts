import { describe, expect, it } from 'vitest';
import { publicErrorText, publicUrl } from '../../functions/core/ledger/index.ts';

describe('publicUrl', () => {
  it.each([
    ['https://example.test/health', 'https://example.test/health'],
    ['https://example.test/health?token=secret', 'https://example.test/health'],
    ['https://example.test/a/b#section', 'https://example.test/a/b'],
    ['https://user:pass@example.test/x', 'https://example.test/x'],
    ['http://127.0.0.1:8080/health?token=secret&x=1', 'http://127.0.0.1:8080/health'],
    ['https://Example.TEST:443/', 'https://example.test/'],
    ['https://example.test:8443', 'https://example.test:8443/'],
    ['http://[::1]:9000/p?q', 'http://[::1]:9000/p'],
    ['weird://user@host/p?q=1', 'weird://host/p'],
    ['not a url?token=secret', 'not a url'],
  ])('%s -> %s', (url, expected) => {
    expect(publicUrl(url)).toBe(expected);
  });
});

describe('publicErrorText', () => {
  it.each([
    ['no response within 10000 ms', 'no response within 10000 ms'],
    ['connect ECONNREFUSED 10.0.0.5:443', 'connect ECONNREFUSED [address]:443'],
    ['connect ECONNREFUSED ::1:8080', 'connect ECONNREFUSED [address]'],
    ['connect EHOSTUNREACH fe80::1%eth0', 'connect EHOSTUNREACH [address]'],
    ['connect ECONNREFUSED ::ffff:10.0.0.1:80', 'connect ECONNREFUSED [address]'],
    ['unreachable: 2001:db8:0:0:0:0:0:1', 'unreachable: [address]'],
    ['10.0.0.1:80: connection reset', '[address]:80: connection reset'],
    ['refused to connect: shop.internal resolves to 10.1.2.3 (private range)', 'refused to connect: shop.internal resolves to [address] (private range)'],
    ['redirect loop: http://127.0.0.1:9/x?token=secret was already visited', 'redirect loop: http://127.0.0.1:9/x was already visited'],
    ['redirect to "https://u:p@a.test/next?sig=abc#f", which is not an http(s) URL', 'redirect to "https://a.test/next", which is not an http(s) URL'],
    ['could not resolve shop.example.test: ENOTFOUND', 'could not resolve shop.example.test: ENOTFOUND'],
    ['timed out at 12:30:45 while reading the body', 'timed out at 12:30:45 while reading the body'],
    ['certificate did not verify: CERT_HAS_EXPIRED', 'certificate did not verify: CERT_HAS_EXPIRED'],
  ])('%s', (text, expected) => {
    expect(publicErrorText(text)).toBe(expected);
  });
});
