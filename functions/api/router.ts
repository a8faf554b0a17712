/** Matches a method and a raw path against the route table: found, unknown path (404) or wrong method (405). */
import type { HttpMethod, Route } from './route.ts';

export type Match =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] };

interface CompiledPath {
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly routes: Map<HttpMethod, Route>;
}

const PARAM = /^\{([A-Za-z][A-Za-z0-9]*)(\+?)\}$/;

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const parts = path.split('/').map((segment) => {
    const param = PARAM.exec(segment);
    if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(param[1]!);
    return param[2] === '+' ? '(.+)' : '([^/]+)';
  });
  return { regex: new RegExp(`^${parts.join('/')}$`), names };
}

export interface Router {
  match(method: string, rawPath: string): Match;
  readonly routes: readonly Route[];
}

export function createRouter(routes: readonly Route[]): Router {
  const paths = new Map<string, CompiledPath>();
  for (const route of routes) {
    let compiled = paths.get(route.path);
    if (!compiled) {
      compiled = { ...compile(route.path), routes: new Map() };
      paths.set(route.path, compiled);
    }
    if (compiled.routes.has(route.method)) throw new Error(`duplicate route ${route.method} ${route.path}`);
    compiled.routes.set(route.method, route);
  }
  const table = [...paths.values()];

  return {
    routes,
    match(method, rawPath) {
      const wanted = method.toUpperCase();
      for (const compiled of table) {
        const found = compiled.regex.exec(rawPath);
        if (!found) continue;
        const params: Record<string, string> = {};
        try {
          compiled.names.forEach((name, index) => {
            params[name] = decodeURIComponent(found[index + 1]!);
          });
        } catch {
          return { kind: 'not-found' }; // malformed percent-encoding: no such resource
        }
        const route = compiled.routes.get((wanted === 'HEAD' ? 'GET' : wanted) as HttpMethod);
        if (route) return { kind: 'found', route, params };
        return { kind: 'method-not-allowed', allow: allowed(compiled.routes) };
      }
      return { kind: 'not-found' };
    },
  };
}

function allowed(routes: ReadonlyMap<HttpMethod, Route>): string[] {
  const methods: string[] = [...routes.keys()];
  if (routes.has('GET')) methods.push('HEAD');
  methods.push('OPTIONS');
  return methods;
}
