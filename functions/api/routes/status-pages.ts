/**
 * Status pages: managed with the token (POST/GET/PUT/DELETE /v1/status-pages), read by
 * anyone as JSON (GET /v1/status-pages/{slug}, with ETag), as HTML (/status/{slug}, or
 * the root of the page's own domain) and as an Atom feed (/status/{slug}/feed.atom).
 */
import { NotFoundError } from '../../core/errors.ts';
import type { StatusPage } from '../../core/status-page.ts';
import { createStatusPage, deleteStatusPage, getStatusPage, listStatusPages, replaceStatusPage, type StatusPageDeps } from '../../services/status-pages.ts';
import type { ApiDeps } from '../deps.ts';
import { conditionalJson } from '../etag.ts';
import type { ApiGatewayV2Event } from '../event.ts';
import { emptyReply, jsonReply, rawReply, type Reply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { PublicStatusPageSchema, SlugParams, StatusPageBodySchema, StatusPageListSchema, StatusPageSchema } from '../schemas/status-pages.ts';
import { renderStatusFeed } from '../status-page-feed.ts';
import { renderStatusPage } from '../status-page-html.ts';
import { statusPageView } from '../status-page-view.ts';

const TAG = 'status pages';

/** The page's HTML has no script: nothing but its own stylesheet may load. */
export const STATUS_PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** scheme://host of the request, for the absolute links an Atom feed needs. */
function originOf(event: ApiGatewayV2Event): string {
  const proto = event.headers['x-forwarded-proto']?.split(',')[0]?.trim() || 'http';
  return `${proto === 'https' ? 'https' : 'http'}://${event.headers['host'] ?? 'localhost'}`;
}

export function statusPageRoutes(deps: ApiDeps): Route[] {
  const services: StatusPageDeps = { documents: deps.documents, monitors: deps.monitors, clock: deps.clock };

  async function pageOr404(slug: string): Promise<StatusPage> {
    const page = await getStatusPage(deps, slug);
    if (!page) throw new NotFoundError(`status page ${slug} does not exist`);
    return page;
  }

  return [
    defineRoute({
      method: 'GET',
      path: '/v1/status-pages',
      operationId: 'listStatusPages',
      summary: 'Every status page, with its monitors and domain',
      tag: TAG,
      auth: true,
      responses: { 200: { description: 'The pages, by slug.', schema: StatusPageListSchema } },
      async handle() {
        return jsonReply(200, { items: await listStatusPages(deps) });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/status-pages',
      operationId: 'createStatusPage',
      summary: 'Create a status page: slug, title, groups of monitors under display names, optional custom domain',
      tag: TAG,
      auth: true,
      body: StatusPageBodySchema,
      responses: {
        201: { description: 'Created.', schema: StatusPageSchema, headers: { location: { description: '/v1/status-pages/{slug}' } } },
        409: { description: 'The slug or the domain belongs to another page.' },
      },
      async handle({ body }) {
        const page = await createStatusPage(services, body);
        return jsonReply(201, page, { location: `/v1/status-pages/${encodeURIComponent(page.slug)}` });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/status-pages/{slug}',
      operationId: 'getStatusPage',
      summary: 'A status page as the public sees it: overall state, groups, 90 daily bars, incidents with updates, maintenance, subscribe links',
      description: 'Public. Answers with an ETag; If-None-Match gives a 304 while nothing changed.',
      tag: TAG,
      auth: false,
      params: SlugParams,
      responses: { 200: { description: 'The page.', schema: PublicStatusPageSchema }, 304: { description: 'Not modified.' } },
      async handle({ params, event }) {
        const now = deps.clock.now();
        const { generatedAt, ...view } = await statusPageView(deps, await pageOr404(params.slug), now);
        return conditionalJson(event, { ...view, generatedAt }, view, { 'cache-control': 'public, max-age=30' });
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/v1/status-pages/{slug}',
      operationId: 'replaceStatusPage',
      summary: 'Replace a status page (its slug stays)',
      tag: TAG,
      auth: true,
      params: SlugParams,
      body: StatusPageBodySchema,
      responses: { 200: { description: 'Replaced.', schema: StatusPageSchema }, 409: { description: 'The domain belongs to another page.' } },
      async handle({ params, body }) {
        return jsonReply(200, await replaceStatusPage(services, params.slug, body));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/status-pages/{slug}',
      operationId: 'deleteStatusPage',
      summary: 'Delete a status page (its subscribers are told nothing more)',
      tag: TAG,
      auth: true,
      params: SlugParams,
      responses: { 204: { description: 'Deleted.' } },
      async handle({ params }) {
        await deleteStatusPage(deps, params.slug);
        return emptyReply(204);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/status/{slug}',
      operationId: 'getStatusPageHtml',
      summary: 'A status page (HTML, no script)',
      tag: TAG,
      auth: false,
      params: SlugParams,
      responses: { 200: { description: 'The page.', contentType: 'text/html' } },
      async handle({ params }) {
        return statusPageHtml(deps, await pageOr404(params.slug), '../');
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/status/{slug}/feed.atom',
      operationId: 'getStatusPageFeed',
      summary: "A status page's Atom feed: incidents with their updates, and maintenance",
      tag: TAG,
      auth: false,
      params: SlugParams,
      responses: { 200: { description: 'The feed.', contentType: 'application/atom+xml' } },
      async handle({ params, event }) {
        const view = await statusPageView(deps, await pageOr404(params.slug), deps.clock.now());
        return rawReply(200, renderStatusFeed(view, originOf(event)), 'application/atom+xml; charset=utf-8', { 'cache-control': 'public, max-age=60' });
      },
    }),
  ];
}

/** The page's HTML; `base` leads from the page's URL to the API's root (`../` under /status/, empty at a domain's root). */
export async function statusPageHtml(deps: ApiDeps, page: StatusPage, base: string): Promise<Reply> {
  const view = await statusPageView(deps, page, deps.clock.now());
  return rawReply(200, renderStatusPage(view, base), 'text/html; charset=utf-8', { 'cache-control': 'public, max-age=30', ...STATUS_PAGE_HEADERS });
}
