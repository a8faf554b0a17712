/**
 * Status pages (CRUD with the token; public JSON, HTML and Atom; a page picked by Host),
 * and what operators tell customers: incident updates, incidents declared by hand and
 * announced maintenance, each a signed ledger entry that the offline audit accepts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLedger } from '../../functions/audit/index.ts';
import { decodeLedgerJws } from '../../functions/core/ledger/index.ts';
import { PublicStatusPageSchema, StatusPageSchema } from '../../functions/api/schemas/status-pages.ts';
import { anomaly, incident, iso, state } from '../helpers/fixtures.ts';
import { openApiHarness, type ApiHarness } from './api-harness.ts';

const NOW = Date.parse('2026-11-21T12:30:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let api: ApiHarness;
let shop: string;
let db: string;
beforeEach(async () => {
  api = await openApiHarness({ now: NOW });
  api.clock.set(NOW - 10 * DAY);
  shop = (await api.call('POST', '/v1/monitors', { body: { name: 'shop-internal', url: 'https://shop.internal.example.test/health?token=s3cret' } })).json().id;
  db = (await api.call('POST', '/v1/monitors', { body: { name: 'db-primary', url: 'https://db.internal.example.test/' } })).json().id;
  api.clock.set(NOW);
});
afterEach(async () => {
  await api.close();
});

const page = (overrides: Record<string, unknown> = {}) => ({
  slug: 'acme',
  title: 'Acme status',
  description: 'Everything Acme runs.',
  groups: [
    { name: 'Storefront', monitors: [{ monitorId: shop, displayName: 'Shop' }] },
    { name: 'Backend', monitors: [{ monitorId: db, displayName: 'Database' }] },
  ],
  ...overrides,
});

async function setState(id: string, overrides: Parameters<typeof state>[1]): Promise<void> {
  const current = await api.stores.states.get(id);
  await api.stores.states.put({ ...state(id, overrides), version: current?.version ?? 0 }, current?.version ?? 0);
}

describe('managing status pages', () => {
  it('creates, lists, replaces and deletes a page', async () => {
    const created = await api.call('POST', '/v1/status-pages', { body: page() });
    expect(created.status).toBe(201);
    expect(created.headers['location']).toBe('/v1/status-pages/acme');
    expect(StatusPageSchema.parse(created.json())).toMatchObject({ slug: 'acme', domain: null, createdAt: iso(NOW) });
    expect((await api.call('GET', '/v1/status-pages')).json().items.map((p: { slug: string }) => p.slug)).toEqual(['acme']);
    const replaced = await api.call('PUT', '/v1/status-pages/acme', { body: page({ title: 'Acme', domain: 'Status.Acme.Example' }) });
    expect(replaced.status).toBe(200);
    expect(replaced.json()).toMatchObject({ title: 'Acme', domain: 'status.acme.example', createdAt: iso(NOW) });
    expect((await api.call('DELETE', '/v1/status-pages/acme')).status).toBe(204);
    expect((await api.call('GET', '/v1/status-pages/acme', { token: null })).status).toBe(404);
    expect((await api.call('DELETE', '/v1/status-pages/acme')).status).toBe(404);
  });

  it.each([
    [{ slug: 'Acme!' }, 'slug', 'must be 1 to 63 lowercase letters'],
    [{ title: '' }, 'title', 'must not be empty'],
    [{ domain: 'https://status.acme.example/' }, 'domain', 'must be a DNS name'],
    [{ groups: [{ name: 'x', monitors: [{ monitorId: 'nope' }] }] }, 'groups[0].monitors[0].monitorId', 'no monitor nope'],
    [{ groups: [{ name: 'x', monitors: [{ monitorId: 'a', url: 'x' }] }] }, 'groups[0].monitors[0].url', 'is not a known field'],
    [{ colour: 'red' }, 'colour', 'is not a known field'],
  ])('refuses %j naming %s, and stores nothing', async (overrides, path, message) => {
    const res = await api.call('POST', '/v1/status-pages', { body: page(overrides) });
    expect(res.status).toBe(400);
    expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringContaining(message) })]));
    expect(await api.stores.documents.list('status-page')).toEqual([]);
  });

  it('keeps slugs and domains to one page each (409), and the slug of a replaced page', async () => {
    await api.call('POST', '/v1/status-pages', { body: page({ domain: 'status.acme.example' }) });
    const again = await api.call('POST', '/v1/status-pages', { body: page() });
    expect(again.status).toBe(409);
    expect(again.json().detail).toBe("slug: a status page 'acme' exists already");
    const domain = await api.call('POST', '/v1/status-pages', { body: page({ slug: 'other', domain: 'status.acme.example' }) });
    expect(domain.status).toBe(409);
    expect(domain.json().detail).toBe("domain: status.acme.example serves the status page 'acme' already");
    const renamed = await api.call('PUT', '/v1/status-pages/acme', { body: page({ slug: 'acme2' }) });
    expect(renamed.status).toBe(400);
    expect(renamed.json().errors[0].path).toBe('slug');
    expect((await api.call('PUT', '/v1/status-pages/none', { body: page({ slug: 'none' }) })).status).toBe(404);
  });

  it.each([
    ['GET', '/v1/status-pages'],
    ['POST', '/v1/status-pages'],
    ['PUT', '/v1/status-pages/acme'],
    ['DELETE', '/v1/status-pages/acme'],
    ['POST', '/v1/incidents'],
    ['POST', '/v1/incidents/x/updates'],
    ['POST', '/v1/maintenance'],
  ])('%s %s needs the token', async (method, path) => {
    const res = await api.call(method, path, { token: null, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
    expect(res.status).toBe(401);
  });
});

describe('the public status page', () => {
  beforeEach(async () => {
    expect((await api.call('POST', '/v1/status-pages', { body: page({ domain: 'status.acme.example' }) })).status).toBe(201);
  });

  it('shows display names, the overall state, 90 daily bars and the incident history, and nothing private', async () => {
    await setState(shop, { status: 'DOWN', openIncidentId: 'inc-1', since: iso(NOW - HOUR) });
    await api.stores.incidents.create(incident('inc-1', shop, NOW - HOUR, { monitorName: 'shop-internal' }));
    await setState(db, { status: 'UP' });
    const res = await api.call('GET', '/v1/status-pages/acme', { token: null });
    expect(res.status).toBe(200);
    const view = PublicStatusPageSchema.parse(res.json());
    expect(view.overall).toEqual({ state: 'partial-outage', text: 'Partial outage' });
    expect(view.groups.map((g) => [g.name, g.monitors.map((m) => [m.name, m.health])])).toEqual([
      ['Storefront', [['Shop', 'down']]],
      ['Backend', [['Database', 'up']]],
    ]);
    const bars = view.groups[0]!.monitors[0]!.daily;
    expect(bars).toHaveLength(90);
    expect(view.days).toEqual({ from: '2026-08-24', count: 90 }); // to 2026-11-21, today
    expect(bars.at(-1)).toBeCloseTo(1 - 1 / 12.5, 3); // down 1 h of the 12.5 h of today
    expect(bars[0]).toBeNull(); // before the monitor existed
    expect(view.incidents).toEqual([expect.objectContaining({ id: 'inc-1', title: 'Shop is down', kind: 'detected', status: 'open', monitors: ['Shop'], updates: [] })]);
    expect(view.subscribe).toEqual({ atom: '/status/acme/feed.atom' });
    for (const secret of ['shop-internal', 'db-primary', 'internal.example.test', 's3cret', shop]) expect(res.text).not.toContain(secret);
  });

  it('counts a refuted failure of the last hour as degraded', async () => {
    await setState(shop, { status: 'UP' });
    await setState(db, { status: 'UP' });
    await api.stores.results.putAnomaly(anomaly('anm-1', db, NOW - 5 * 60_000));
    const view = PublicStatusPageSchema.parse((await api.call('GET', '/v1/status-pages/acme', { token: null })).json());
    expect(view.overall.state).toBe('degraded');
    expect(view.groups[1]!.monitors[0]!.health).toBe('degraded');
  });

  it('answers 304 to its ETag until something changes', async () => {
    const first = await api.call('GET', '/v1/status-pages/acme', { token: null });
    expect(first.headers['cache-control']).toBe('public, max-age=30');
    api.clock.advance(1000);
    expect((await api.call('GET', '/v1/status-pages/acme', { token: null, headers: { 'if-none-match': first.headers['etag']! } })).status).toBe(304);
    await setState(shop, { status: 'UP' });
    expect((await api.call('GET', '/v1/status-pages/acme', { token: null, headers: { 'if-none-match': first.headers['etag']! } })).status).toBe(200);
  });

  it('serves HTML at /status/{slug} and at the root of its own domain, with no script', async () => {
    const html = await api.call('GET', '/status/acme', { token: null });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.text).toContain('<h1>Acme status</h1>');
    expect(html.text).toContain('href="../assets/status-page.css"');
    expect(html.text).not.toContain('<script');
    expect(html.text).not.toContain('shop-internal');
    const byHost = await api.call('GET', '/', { token: null, headers: { host: 'STATUS.acme.example:8070' } });
    expect(byHost.text).toContain('<h1>Acme status</h1>');
    expect(byHost.text).toContain('href="assets/status-page.css"');
    const dashboard = await api.call('GET', '/', { token: null, headers: { host: '127.0.0.1:8070' } });
    expect(dashboard.text).toContain('<title>CrossCheck</title>');
    expect((await api.call('GET', '/status/nope', { token: null })).status).toBe(404);
  });

  it('escapes every text it shows', async () => {
    await api.call('PUT', '/v1/status-pages/acme', { body: page({ title: '<script>alert(1)</script>', groups: [{ name: 'a"b', monitors: [{ monitorId: shop, displayName: '<img src=x>' }] }] }) });
    const html = (await api.call('GET', '/status/acme', { token: null })).text;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('incident updates, declared incidents and maintenance', () => {
  beforeEach(async () => {
    await api.call('POST', '/v1/status-pages', { body: page() });
    await api.stores.incidents.create(incident('inc-1', shop, NOW - HOUR, { monitorName: 'shop-internal' }));
  });

  it('posts updates as signed incident.updated entries, shown on the page and in the feed, accepted by the audit', async () => {
    const first = await api.call('POST', '/v1/incidents/inc-1/updates', { body: { status: 'investigating', message: 'We are looking into it.' } });
    expect(first.status).toBe(201);
    expect(first.json()).toMatchObject({ incidentId: 'inc-1', n: 1, status: 'investigating', seq: expect.any(Number) });
    api.clock.advance(60_000);
    const second = await api.call('POST', '/v1/incidents/inc-1/updates', { body: { status: 'identified', message: 'A bad deploy; rolling back.' } });
    expect(second.json()).toMatchObject({ n: 2, status: 'identified' });
    const list = (await api.call('GET', '/v1/incidents/inc-1/updates', { token: null })).json().items;
    expect(list.map((u: { status: string }) => u.status)).toEqual(['investigating', 'identified']);
    const payload = decodeLedgerJws((await api.stores.ledger.byKey('incident.updated:inc-1:2'))!.jws).payload;
    expect(payload).toMatchObject({ type: 'incident.updated', incidentId: 'inc-1', update: 2, status: 'identified', message: 'A bad deploy; rolling back.', monitors: [{ id: shop, name: 'shop-internal' }] });

    const view = (await api.call('GET', '/v1/status-pages/acme', { token: null })).json();
    expect(view.incidents[0].updates.map((u: { message: string }) => u.message)).toEqual(['We are looking into it.', 'A bad deploy; rolling back.']);
    const feed = await api.call('GET', '/status/acme/feed.atom', { token: null, headers: { host: 'status.acme.example', 'x-forwarded-proto': 'https' } });
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(feed.text).toContain('https://status.acme.example/status/acme');
    expect(feed.text).toContain('identified: A bad deploy; rolling back.');

    const { entries } = (await api.call('GET', '/v1/ledger?limit=1000', { token: null })).json();
    const jwks = (await api.call('GET', '/.well-known/jwks.json', { token: null })).json();
    const report = await auditLedger(entries, jwks);
    expect(report.problem).toBeNull();
    expect(report.valid).toBe(true);
    expect(report.entries.filter((e) => e.payload.type === 'incident.updated')).toHaveLength(2);
  });

  it('declares an incident by hand and resolves it with an update', async () => {
    const declared = await api.call('POST', '/v1/incidents', { body: { title: 'Checkout slow', message: 'Payments take minutes.', monitorIds: [shop] } });
    expect(declared.status).toBe(201);
    const { incident: created, update } = declared.json();
    expect(created).toMatchObject({ title: 'Checkout slow', monitorIds: [shop], resolvedAt: null });
    expect(update).toMatchObject({ n: 1, status: 'investigating', title: 'Checkout slow' });
    let view = (await api.call('GET', '/v1/status-pages/acme', { token: null })).json();
    expect(view.incidents[0]).toMatchObject({ id: created.id, title: 'Checkout slow', kind: 'declared', status: 'open', monitors: ['Shop'] });
    await api.call('POST', `/v1/incidents/${created.id}/updates`, { body: { status: 'resolved', message: 'Back to normal.' } });
    view = (await api.call('GET', '/v1/status-pages/acme', { token: null })).json();
    expect(view.incidents[0]).toMatchObject({ id: created.id, status: 'resolved' });
  });

  it('announces maintenance as a signed maintenance.announced entry, listed on the page', async () => {
    const res = await api.call('POST', '/v1/maintenance', {
      body: { title: 'Database upgrade', message: 'Writes pause for 10 minutes.', start: iso(NOW + DAY), end: iso(NOW + DAY + HOUR), monitorIds: [db] },
    });
    expect(res.status).toBe(201);
    const m = res.json();
    expect(decodeLedgerJws((await api.stores.ledger.byKey(`maintenance.announced:${m.id}`))!.jws).payload).toMatchObject({ type: 'maintenance.announced', title: 'Database upgrade', monitors: [{ id: db, name: 'db-primary' }] });
    const view = (await api.call('GET', '/v1/status-pages/acme', { token: null })).json();
    expect(view.maintenance).toEqual([expect.objectContaining({ title: 'Database upgrade', ongoing: false, monitors: ['Database'] })]);
    expect((await api.call('GET', '/v1/maintenance?upcoming=true', { token: null })).json().items).toHaveLength(1);
    api.clock.advance(DAY + 60_000);
    const during = (await api.call('GET', '/v1/status-pages/acme', { token: null })).json();
    expect(during.overall.state).toBe('maintenance');
    expect(during.groups[1].monitors[0].health).toBe('maintenance');
  });

  it.each([
    ['/v1/incidents/inc-1/updates', { status: 'fixed', message: 'x' }, 'status', 'must be one of investigating, identified, monitoring, resolved'],
    ['/v1/incidents/inc-1/updates', { status: 'identified', message: '   ' }, 'message', 'must not be empty'],
    ['/v1/incidents', { title: 'x', message: 'y', monitorIds: ['nope'] }, 'monitorIds[0]', 'no monitor nope'],
    ['/v1/maintenance', { title: 'x', message: 'y', start: iso(NOW + HOUR), end: iso(NOW), monitorIds: ['m'] }, 'end', 'must be after start'],
    ['/v1/maintenance', { title: 'x', message: 'y', start: 'tomorrow', end: iso(NOW), monitorIds: ['m'] }, 'start', 'must be an RFC 3339 date-time'],
  ])('POST %s %j: 400 naming %s, nothing signed', async (path, body, field, message) => {
    const before = (await api.stores.ledger.head())?.seq;
    const res = await api.call('POST', path, { body });
    expect(res.status).toBe(400);
    expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field, message: expect.stringContaining(message) })]));
    expect((await api.stores.ledger.head())?.seq).toBe(before);
  });

  it('an update on an unknown incident is a 404', async () => {
    const res = await api.call('POST', '/v1/incidents/nope/updates', { body: { status: 'identified', message: 'x' } });
    expect(res.status).toBe(404);
  });
});
