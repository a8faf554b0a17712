import { describe, expect, it } from 'vitest';
import { emptyReply } from '../../functions/api/reply.ts';
import { defineRoute, type HttpMethod, type Route } from '../../functions/api/route.ts';
import { createRouter } from '../../functions/api/router.ts';

function route(method: HttpMethod, path: string): Route {
  return defineRoute({ method, path, operationId: `${method} ${path}`, summary: '', tag: 't', auth: false, responses: {}, handle: async () => emptyReply(204) });
}

const router = createRouter([
  route('GET', '/v1/monitors'),
  route('POST', '/v1/monitors'),
  route('GET', '/v1/monitors/{id}'),
  route('DELETE', '/v1/monitors/{id}'),
  route('GET', '/v1/monitors/{id}/checks'),
  route('POST', '/v1/monitors/{id}/check'),
  route('GET', '/assets/{file+}'),
  route('GET', '/'),
]);

describe('router', () => {
  it.each([
    ['GET', '/v1/monitors', 'GET /v1/monitors', {}],
    ['post', '/v1/monitors', 'POST /v1/monitors', {}],
    ['GET', '/v1/monitors/abc', 'GET /v1/monitors/{id}', { id: 'abc' }],
    ['HEAD', '/v1/monitors/abc', 'GET /v1/monitors/{id}', { id: 'abc' }],
    ['GET', '/v1/monitors/a%20b%2Fc', 'GET /v1/monitors/{id}', { id: 'a b/c' }],
    ['GET', '/v1/monitors/abc/checks', 'GET /v1/monitors/{id}/checks', { id: 'abc' }],
    ['POST', '/v1/monitors/abc/check', 'POST /v1/monitors/{id}/check', { id: 'abc' }],
    ['GET', '/assets/lib/chart.js', 'GET /assets/{file+}', { file: 'lib/chart.js' }],
    ['GET', '/', 'GET /', {}],
  ])('%s %s -> %s', (method, path, operationId, params) => {
    const match = router.match(method, path);
    expect(match.kind).toBe('found');
    if (match.kind !== 'found') return;
    expect(match.route.operationId).toBe(operationId);
    expect(match.params).toEqual(params);
  });

  it.each(['/v1/monitor', '/v1/monitors/', '/v1/monitors/a/b', '/v1/monitors/%E0%A4%A', '/assets/', '/v2/monitors', ''])('%s is not found', (path) => {
    expect(router.match('GET', path)).toEqual({ kind: 'not-found' });
  });

  it.each([
    ['PUT', '/v1/monitors', ['GET', 'POST', 'HEAD', 'OPTIONS']],
    ['PATCH', '/v1/monitors/abc', ['GET', 'DELETE', 'HEAD', 'OPTIONS']],
    ['GET', '/v1/monitors/abc/check', ['POST', 'OPTIONS']],
  ])('%s %s is a wrong method; Allow lists %j', (method, path, allow) => {
    expect(router.match(method, path)).toEqual({ kind: 'method-not-allowed', allow });
  });

  it('refuses a duplicate route', () => {
    expect(() => createRouter([route('GET', '/x'), route('GET', '/x')])).toThrow(/duplicate route GET \/x/);
  });
});
