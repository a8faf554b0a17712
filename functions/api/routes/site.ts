/** The dashboard's files, and liveness. */
import * as z from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../problem.ts';
import { jsonReply, rawReply, type Reply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { HealthSchema } from '../schemas/status.ts';
import { statusPageForHost } from '../../services/status-pages.ts';
import { statusPageHtml } from './status-pages.ts';

/** The dashboard talks to this origin only; no inline script, no third party. */
const HTML_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** `app.js`, `lib/chart.js`: plain names, no dot-files, no `..`, no empty segments. */
const ASSET_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export function siteRoutes(deps: ApiDeps): Route[] {
  async function asset(path: string): Promise<Reply> {
    if (!ASSET_PATH.test(path) || path.split('/').some((s) => s.includes('..'))) throw new HttpError(404, `no asset ${path}`);
    const found = await deps.assets.get(path);
    if (!found) throw new HttpError(404, `no asset ${path}`);
    const headers: Record<string, string> = { 'cache-control': 'no-cache' };
    if (found.contentType.startsWith('text/html')) Object.assign(headers, HTML_HEADERS);
    return rawReply(200, found.body, found.contentType, headers);
  }

  return [
    defineRoute({
      method: 'GET',
      path: '/',
      operationId: 'getDashboard',
      summary: 'The dashboard and status page (HTML)',
      tag: 'status',
      auth: false,
      description: "On a status page's own domain (its `domain`, matched with the Host header), that page instead.",
      responses: { 200: { description: 'The dashboard, or the status page of this domain.', contentType: 'text/html' } },
      async handle({ event }) {
        const page = await statusPageForHost(deps, event.headers['host']);
        return page ? statusPageHtml(deps, page, '') : asset('index.html');
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/assets/{file+}',
      operationId: 'getAsset',
      summary: "The dashboard's scripts and styles",
      tag: 'status',
      auth: false,
      params: z.object({ file: z.string().min(1).max(200).describe('e.g. app.js') }),
      responses: { 200: { description: 'The file (JavaScript, CSS, SVG, ...).', contentType: 'application/octet-stream' } },
      handle: ({ params }) => asset(params.file),
    }),
    defineRoute({
      method: 'GET',
      path: '/healthz',
      operationId: 'getHealth',
      summary: 'Liveness of the API itself',
      tag: 'meta',
      auth: false,
      responses: { 200: { description: 'The API answers.', schema: HealthSchema } },
      async handle() {
        return jsonReply(200, { status: 'ok', time: new Date(deps.clock.now()).toISOString() }, { 'cache-control': 'no-store' });
      },
    }),
  ];
}
