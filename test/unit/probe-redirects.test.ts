import { describe, expect, it } from 'vitest';
import { isRedirect, redirectedRequest, resolveLocation } from '../../functions/engine/redirects.ts';

describe('redirect rules', () => {
  it.each([
    [301, true],
    [302, true],
    [303, true],
    [307, true],
    [308, true],
    [300, false],
    [304, false],
    [200, false],
  ])('status %i redirects: %s', (status, expected) => {
    expect(isRedirect(status)).toBe(expected);
  });

  it.each([
    ['/next', 'https://a.test/x/y?q=1', 'https://a.test/next'],
    ['next', 'https://a.test/x/y', 'https://a.test/x/next'],
    ['../up', 'https://a.test/x/y/z', 'https://a.test/x/up'],
    ['//b.test/p', 'https://a.test/', 'https://b.test/p'],
    ['http://b.test/p#frag', 'https://a.test/', 'http://b.test/p'],
    ['?page=2', 'https://a.test/list?page=1', 'https://a.test/list?page=2'],
  ])('resolves %j against %s', (location, current, expected) => {
    expect(resolveLocation(location, new URL(current))?.href).toBe(expected);
  });

  it.each(['ftp://a.test/', 'javascript:alert(1)', 'file:///etc/passwd', 'http://'])('refuses %j', (location) => {
    expect(resolveLocation(location, new URL('https://a.test/'))).toBeNull();
  });

  const post = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t', Cookie: 'a=b', 'X-Other': '1' },
    body: '{}',
  };
  const from = new URL('https://a.test/form');

  it.each([
    [301, 'POST', 'GET'],
    [302, 'POST', 'GET'],
    [303, 'POST', 'GET'],
    [307, 'POST', 'POST'],
    [308, 'POST', 'POST'],
    [303, 'PUT', 'GET'],
    [302, 'PUT', 'PUT'],
    [303, 'HEAD', 'HEAD'],
  ])('a %i after a %s continues as %s', (status, method, expected) => {
    const next = redirectedRequest({ ...post, method }, status, from, new URL('https://a.test/done'));
    expect(next.method).toBe(expected);
    if (expected === 'GET') {
      expect(next.body).toBeUndefined();
      expect(next.headers).toEqual({ Authorization: 'Bearer t', Cookie: 'a=b', 'X-Other': '1' });
    } else {
      expect(next.body).toBe('{}');
      expect(next.headers).toEqual(post.headers);
    }
  });

  it('drops credentials when the origin changes, including a scheme or port change', () => {
    for (const to of ['https://b.test/', 'http://a.test/form', 'https://a.test:8443/form']) {
      const next = redirectedRequest(post, 307, from, new URL(to));
      expect(next.headers).toEqual({ 'Content-Type': 'application/json', 'X-Other': '1' });
    }
  });
});
