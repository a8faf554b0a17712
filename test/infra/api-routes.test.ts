/**
 * API Gateway's IAM routes and the handler's route table must agree: every route that
 * needs auth is behind an IAM route (API Gateway checks SigV4 before the function
 * runs), and no public route is (it would demand a signature from a status page).
 */
import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../functions/api/deps.ts';
import { apiRoutes } from '../../functions/api/create-api.ts';
import { IAM_METHOD_ROUTES, IAM_ROUTE_PATHS, PUBLIC_ROUTE_PATHS } from '../../lib/http-api.ts';

/** Does API Gateway's route `pattern` (`{name+}` greedy, `{name}` one segment) match `path`? */
function gatewayMatches(pattern: string, path: string): boolean {
  const regex = pattern
    .split('/')
    .map((segment) => (/^\{\w+\+\}$/.test(segment) ? '.+' : /^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${regex}$`).test(path);
}

/** A concrete path for a route pattern of the handler: each parameter becomes `x`. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'x');

describe('IAM routes of the HTTP API', () => {
  // The routes are data; building them reads nothing from the dependencies.
  const routes = apiRoutes({} as ApiDeps);

  it('the route table has both kinds', () => {
    expect(routes.filter((r) => r.auth).length).toBeGreaterThan(0);
    expect(routes.filter((r) => !r.auth).length).toBeGreaterThan(0);
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s is behind IAM exactly when it needs auth', (_name, route) => {
    const path = concrete(route.path);
    // A public route of its own (more specific) wins over an IAM proxy route.
    const publicOverride = route.method === 'GET' && PUBLIC_ROUTE_PATHS.some((pattern) => gatewayMatches(pattern, path));
    // API Gateway prefers a route with the exact method over an ANY route, and either over $default.
    const byMethod = IAM_METHOD_ROUTES.some((r) => r.methods.includes(route.method as 'POST') && gatewayMatches(r.path, path));
    const behindIam = byMethod || (!publicOverride && IAM_ROUTE_PATHS.some((pattern) => gatewayMatches(pattern, path)));
    expect(behindIam).toBe(route.auth);
  });
});
