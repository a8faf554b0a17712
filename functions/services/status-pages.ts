/**
 * Status pages: create, read, replace, delete, and find by custom domain. A page may
 * only show monitors that exist; a slug and a domain belong to one page each. Pages are
 * documents (DocumentStore, collection `status-page`, id = slug).
 */
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../core/errors.ts';
import { formatPath } from '../core/monitor.ts';
import { StatusPageBodySchema, type StatusPage, type StatusPageBody } from '../core/status-page.ts';
import type { Clock } from '../ports/clock.ts';
import type { DocumentStore } from '../ports/document-store.ts';
import type { MonitorStore } from '../ports/monitor-store.ts';

export interface StatusPageDeps {
  readonly documents: DocumentStore;
  readonly monitors: Pick<MonitorStore, 'get'>;
  readonly clock: Clock;
}

const COLLECTION = 'status-page';
const parse = (body: string): StatusPage => JSON.parse(body) as StatusPage;

export async function getStatusPage(deps: Pick<StatusPageDeps, 'documents'>, slug: string): Promise<StatusPage | null> {
  const body = await deps.documents.get(COLLECTION, slug);
  return body === null ? null : parse(body);
}

export async function listStatusPages(deps: Pick<StatusPageDeps, 'documents'>): Promise<StatusPage[]> {
  return (await deps.documents.list(COLLECTION)).map((d) => parse(d.body));
}

/** The page served at the root of `host` (a Host header: any port is ignored), or null. */
export async function statusPageForHost(deps: Pick<StatusPageDeps, 'documents'>, host: string | undefined): Promise<StatusPage | null> {
  if (!host) return null;
  const name = host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  return (await listStatusPages(deps)).find((page) => page.domain === name) ?? null;
}

export async function createStatusPage(deps: StatusPageDeps, input: unknown): Promise<StatusPage> {
  const body = await validPage(deps, input, null);
  const now = new Date(deps.clock.now()).toISOString();
  const page: StatusPage = { ...body, createdAt: now, updatedAt: now };
  try {
    await deps.documents.create(COLLECTION, page.slug, JSON.stringify(page));
  } catch (error) {
    if (error instanceof ConflictError) throw new ConflictError(`slug: a status page '${page.slug}' exists already`, { cause: error });
    throw error;
  }
  return page;
}

/** Replaces the page at `slug`; the body's slug must be that slug (a page is renamed by creating another). */
export async function replaceStatusPage(deps: StatusPageDeps, slug: string, input: unknown): Promise<StatusPage> {
  const current = await getStatusPage(deps, slug);
  if (!current) throw new NotFoundError(`status page ${slug} does not exist`);
  const body = await validPage(deps, input, slug);
  if (body.slug !== slug) throw new ValidationError([{ path: 'slug', message: `must be '${slug}', the page's slug (create a new page to change it)` }]);
  const page: StatusPage = { ...body, createdAt: current.createdAt, updatedAt: new Date(deps.clock.now()).toISOString() };
  await deps.documents.replace(COLLECTION, slug, JSON.stringify(page));
  return page;
}

export async function deleteStatusPage(deps: Pick<StatusPageDeps, 'documents'>, slug: string): Promise<void> {
  if (!(await deps.documents.delete(COLLECTION, slug))) throw new NotFoundError(`status page ${slug} does not exist`);
}

async function validPage(deps: StatusPageDeps, input: unknown, slug: string | null): Promise<StatusPageBody> {
  const parsed = StatusPageBodySchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(parsed.error.issues.map((i) => ({ path: formatPath('', i.path), message: i.message })));
  }
  const body = parsed.data;
  const issues: FieldIssue[] = [];
  await Promise.all(
    body.groups.flatMap((group, g) =>
      group.monitors.map(async (m, i) => {
        if (!(await deps.monitors.get(m.monitorId))) issues.push({ path: `groups[${g}].monitors[${i}].monitorId`, message: `no monitor ${m.monitorId}` });
      }),
    ),
  );
  if (issues.length > 0) throw new ValidationError(issues.sort((a, b) => a.path.localeCompare(b.path)));
  if (body.domain !== null) {
    const other = (await listStatusPages(deps)).find((p) => p.domain === body.domain && p.slug !== slug);
    if (other) throw new ConflictError(`domain: ${body.domain} serves the status page '${other.slug}' already`);
  }
  return body;
}
