/**
 * The store contract: what every implementation of the store ports must do, written
 * once against the ports only. The SQLite adapter runs it here; the DynamoDB adapter
 * runs the same suite later, so that the two cannot drift apart.
 *
 * `open` must hand back empty stores each time (the suite calls it before every test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, MonitorChangedError, NotFoundError, ValidationError } from '../../functions/core/errors.ts';
import { sha256Base64url } from '../../functions/core/ledger/hash.ts';
import type { Stores } from '../../functions/ports/stores.ts';
import type { LedgerBackend } from '../../functions/adapters/common/stores/ledger-store.ts';
import type { Page } from '../../functions/ports/page.ts';
import { describeChannelContract } from './channels.contract.ts';
import { anomaly, DAY, HOUR, incident, iso, ledgerRecord, monitorWithId, state, storedResult, T0 } from '../helpers/fixtures.ts';

/** The contract is about the ports only: any adapter's `Stores` can be tested. */
export type StoresUnderTest = Stores;

/** Follows nextCursor to the end; returns every item and how many pages it took. */
export async function collectPages<T>(fetch: (cursor: string | undefined) => Promise<Page<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetch(cursor);
    pages += 1;
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && pages < 1000);
  return { items, pages };
}

/** Cursors that no listing can have returned, whatever its cursor format. */
const MALFORMED_CURSORS = [['not base64url', '!!not a cursor!!'], ['not JSON inside', Buffer.from('not json').toString('base64url')]];

async function expectValidationOf(promise: Promise<unknown>, path: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
}

/** Runs `attempts` and checks that exactly one fulfilled and the others failed with ConflictError. */
async function expectExactlyOneWins(attempts: readonly Promise<unknown>[]): Promise<number> {
  const outcomes = await Promise.allSettled(attempts);
  const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
  expect(winners).toHaveLength(1);
  for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConflictError);
  return winners[0]!;
}

export function describeStoreContract(
  name: string,
  open: () => Promise<StoresUnderTest>,
  close: (stores: StoresUnderTest) => Promise<void>,
): void {
  describe(`store contract: ${name}`, () => {
    let s: StoresUnderTest;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(async () => {
      await close(s);
    });

    describeChannelContract(() => s);

    describe('MonitorStore', () => {
      it('creates, gets, replaces and deletes a monitor', async () => {
        const m = monitorWithId('m1', { tags: ['prod', 'api'] });
        expect(await s.monitors.get('m1')).toBeNull();
        await s.monitors.create(m);
        expect(await s.monitors.get('m1')).toEqual(m);

        const changed = { ...m, name: 'Renamed', tags: ['staging'], updatedAt: iso(T0 + HOUR) };
        await s.monitors.replace(changed);
        expect(await s.monitors.get('m1')).toEqual(changed);

        expect(await s.monitors.delete('m1')).toBe(true);
        expect(await s.monitors.get('m1')).toBeNull();
        expect(await s.monitors.delete('m1')).toBe(false);
        expect(await s.monitors.all()).toEqual([]);
      });

      it('refuses to create a monitor whose id exists, and keeps the first', async () => {
        await s.monitors.create(monitorWithId('m1'));
        await expect(s.monitors.create(monitorWithId('m1', { name: 'Other' }))).rejects.toBeInstanceOf(ConflictError);
        expect((await s.monitors.get('m1'))?.name).toBe('Monitor m1');
      });

      it('refuses to replace a monitor that does not exist', async () => {
        await expect(s.monitors.replace(monitorWithId('ghost'))).rejects.toBeInstanceOf(NotFoundError);
        expect(await s.monitors.get('ghost')).toBeNull();
      });

      it('lists in creation order across pages, and all() agrees', async () => {
        // ids deliberately out of creation order; two share a creation time (ties break on id)
        const created = [
          monitorWithId('c', { createdAt: iso(T0) }),
          monitorWithId('a', { createdAt: iso(T0 + 1000) }),
          monitorWithId('e', { createdAt: iso(T0 + 2000) }),
          monitorWithId('b', { createdAt: iso(T0 + 2000) }),
          monitorWithId('d', { createdAt: iso(T0 + 3000) }),
        ];
        for (const m of [created[3]!, created[0]!, created[4]!, created[1]!, created[2]!]) await s.monitors.create(m);
        const expected = ['c', 'a', 'b', 'e', 'd'];

        const { items, pages } = await collectPages((cursor) => s.monitors.list({ limit: 2, cursor }));
        expect(items.map((m) => m.id)).toEqual(expected);
        expect(pages).toBe(3);
        expect((await s.monitors.all()).map((m) => m.id)).toEqual(expected);
        const one = await s.monitors.list({ limit: 10 });
        expect(one.items.map((m) => m.id)).toEqual(expected);
        expect(one.nextCursor).toBeNull();
      });

      it('filters by tag, across pages, and follows tag changes', async () => {
        for (let i = 0; i < 5; i += 1) {
          await s.monitors.create(monitorWithId(`m${i}`, { tags: i % 2 === 0 ? ['prod', 'web'] : ['dev'], createdAt: iso(T0 + i) }));
        }
        const prod = await collectPages((cursor) => s.monitors.list({ limit: 2, cursor, tag: 'prod' }));
        expect(prod.items.map((m) => m.id)).toEqual(['m0', 'm2', 'm4']);
        expect(prod.pages).toBe(2);
        expect((await s.monitors.list({ limit: 10, tag: 'none' })).items).toEqual([]);

        await s.monitors.replace(monitorWithId('m2', { tags: ['dev'], createdAt: iso(T0 + 2) }));
        expect((await s.monitors.list({ limit: 10, tag: 'prod' })).items.map((m) => m.id)).toEqual(['m0', 'm4']);
        expect((await s.monitors.list({ limit: 10, tag: 'dev' })).items.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
        await s.monitors.delete('m0');
        expect((await s.monitors.list({ limit: 10, tag: 'prod' })).items.map((m) => m.id)).toEqual(['m4']);
      });

      it('finds monitors by their exact name, and follows renames and deletes', async () => {
        await s.monitors.create(monitorWithId('m1', { name: 'shop' }));
        await s.monitors.create(monitorWithId('m2', { name: 'Shop', headers: { 'x-note': '"shop"' } }));
        await s.monitors.create(monitorWithId('m3', { name: 'shop "eu"' }));
        expect((await s.monitors.named('shop')).map((m) => m.id)).toEqual(['m1']);
        expect((await s.monitors.named('shop "eu"')).map((m) => m.id)).toEqual(['m3']);
        expect(await s.monitors.named('nobody')).toEqual([]);
        await s.monitors.replace(monitorWithId('m1', { name: 'store' }));
        expect(await s.monitors.named('shop')).toEqual([]);
        expect((await s.monitors.named('store')).map((m) => m.id)).toEqual(['m1']);
        await s.monitors.delete('m1');
        expect(await s.monitors.named('store')).toEqual([]);
      });

      it('keeps a monitor that carries the same tag twice', async () => {
        await s.monitors.create(monitorWithId('m1', { tags: ['x', 'x'] }));
        expect((await s.monitors.list({ limit: 10, tag: 'x' })).items.map((m) => m.id)).toEqual(['m1']);
      });

      it.each(MALFORMED_CURSORS)('rejects a malformed cursor (%s) naming `cursor`', async (_label, cursor) => {
        await s.monitors.create(monitorWithId('m1'));
        await expectValidationOf(s.monitors.list({ limit: 1, cursor }), 'cursor');
      });
    });

    describe('ResultStore: results', () => {
      it('stores a result once per id and gives it back whole', async () => {
        const r = storedResult('r1', 'm1', T0);
        await s.results.putResult(r);
        await s.results.putResult(r);
        const page = await s.results.listResults('m1', { limit: 10 });
        expect(page.items).toEqual([r]);
        expect(page.nextCursor).toBeNull();
      });

      it('lists newest first across pages, only for the monitor asked', async () => {
        for (let i = 0; i < 7; i += 1) await s.results.putResult(storedResult(`r${i}`, 'm1', T0 + i * 60_000));
        await s.results.putResult(storedResult('x1', 'm2', T0 + 30_000));
        // two results at the same instant: both listed, once each
        await s.results.putResult(storedResult('r6b', 'm1', T0 + 6 * 60_000));

        const { items, pages } = await collectPages((cursor) => s.results.listResults('m1', { limit: 3, cursor }));
        expect(items.map((r) => r.id)).toEqual(['r6b', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
        expect(pages).toBe(3);
      });

      it('filters by region, since (inclusive) and until (exclusive), also across pages', async () => {
        for (let i = 0; i < 10; i += 1) {
          await s.results.putResult(
            storedResult(`r${i}`, 'm1', T0 + i * 60_000, { region: i % 2 === 0 ? 'local-a' : 'local-b' }),
          );
        }
        const a = await collectPages((cursor) => s.results.listResults('m1', { limit: 2, cursor, region: 'local-a' }));
        expect(a.items.map((r) => r.id)).toEqual(['r8', 'r6', 'r4', 'r2', 'r0']);

        const window = await collectPages((cursor) =>
          s.results.listResults('m1', { limit: 2, cursor, since: T0 + 2 * 60_000, until: T0 + 7 * 60_000 }),
        );
        expect(window.items.map((r) => r.id)).toEqual(['r6', 'r5', 'r4', 'r3', 'r2']);

        const both = await s.results.listResults('m1', { limit: 10, region: 'local-b', since: T0 + 3 * 60_000, until: T0 + 9 * 60_000 });
        expect(both.items.map((r) => r.id)).toEqual(['r7', 'r5', 'r3']);
      });

      it.each(MALFORMED_CURSORS)('rejects a malformed cursor (%s) naming `cursor`', async (_label, cursor) => {
        await expectValidationOf(s.results.listResults('m1', { limit: 1, cursor }), 'cursor');
      });

      it('retention deletes only raw results older than the cut, and keeps rollups, anomalies, incidents and the ledger', async () => {
        const cut = T0 + 90 * DAY;
        await s.results.putResult(storedResult('old1', 'm1', cut - DAY));
        await s.results.putResult(storedResult('old2', 'm2', cut - 1));
        await s.results.putResult(storedResult('edge', 'm1', cut));
        await s.results.putResult(storedResult('new', 'm1', cut + DAY));
        await s.results.addToRollup({ monitorId: 'm1', region: 'local-a', hour: T0 }, { checks: 1, failures: 0, anomalies: 0, latencySumMs: 12, histogram: { 4: 1 } });
        await s.results.putAnomaly(anomaly('a1', 'm1', T0));
        await s.incidents.create(incident('i1', 'm1', T0));
        await s.ledger.append(ledgerRecord(1));

        expect(await s.results.deleteResultsBefore(cut)).toBe(2);
        expect((await s.results.listResults('m1', { limit: 10 })).items.map((r) => r.id)).toEqual(['new', 'edge']);
        expect((await s.results.listResults('m2', { limit: 10 })).items).toEqual([]);
        expect(await s.results.listRollups('m1', T0, T0 + HOUR)).toHaveLength(1);
        expect((await s.results.listAnomalies('m1', { limit: 10 })).items).toHaveLength(1);
        expect(await s.incidents.get('i1')).not.toBeNull();
        expect(await s.ledger.head()).not.toBeNull();
        expect(await s.results.deleteResultsBefore(cut)).toBe(0);
      });
    });

    describe('ResultStore: rollups', () => {
      const key = { monitorId: 'm1', region: 'local-a', hour: T0 };

      it('adds deltas into the hour, merging the latency histogram', async () => {
        await s.results.addToRollup(key, { checks: 1, failures: 0, anomalies: 0, latencySumMs: 120, histogram: { 3: 1 } });
        await s.results.addToRollup(key, { checks: 2, failures: 1, anomalies: 1, latencySumMs: 80.5, histogram: { 3: 1, 7: 1 } });
        expect(await s.results.listRollups('m1', T0, T0 + HOUR)).toEqual([
          { ...key, checks: 3, failures: 1, anomalies: 1, latencySumMs: 200.5, histogram: { 3: 2, 7: 1 } },
        ]);
      });

      it('keeps regions and hours apart and lists [from, to) oldest first, every region', async () => {
        const one = { checks: 1, failures: 0, anomalies: 0, latencySumMs: 10, histogram: { 1: 1 } };
        await s.results.addToRollup({ monitorId: 'm1', region: 'local-b', hour: T0 + HOUR }, one);
        await s.results.addToRollup({ monitorId: 'm1', region: 'local-a', hour: T0 + HOUR }, one);
        await s.results.addToRollup({ monitorId: 'm1', region: 'local-a', hour: T0 }, one);
        await s.results.addToRollup({ monitorId: 'm1', region: 'local-a', hour: T0 + 2 * HOUR }, one);
        await s.results.addToRollup({ monitorId: 'm2', region: 'local-a', hour: T0 }, one);

        const rollups = await s.results.listRollups('m1', T0, T0 + 2 * HOUR);
        expect(rollups.map((r) => [r.hour - T0, r.region])).toEqual(
          expect.arrayContaining([[0, 'local-a'], [HOUR, 'local-a'], [HOUR, 'local-b']]),
        );
        expect(rollups).toHaveLength(3);
        expect(rollups.map((r) => r.hour)).toEqual([...rollups.map((r) => r.hour)].sort((x, y) => x - y));
        expect(rollups.every((r) => r.checks === 1 && r.monitorId === 'm1')).toBe(true);
        expect(await s.results.listRollups('m1', T0 + 3 * HOUR, T0 + 4 * HOUR)).toEqual([]);
      });

      it('loses no add when many run at once', async () => {
        const adds = Array.from({ length: 40 }, (_, i) =>
          s.results.addToRollup(key, { checks: 1, failures: i % 4 === 0 ? 1 : 0, anomalies: 0, latencySumMs: 10, histogram: { [i % 3]: 1 } }),
        );
        await Promise.all(adds);
        const [rollup] = await s.results.listRollups('m1', T0, T0 + HOUR);
        expect(rollup).toMatchObject({ checks: 40, failures: 10, latencySumMs: 400, histogram: { 0: 14, 1: 13, 2: 13 } });
      });
    });

    describe('ResultStore: anomalies', () => {
      it('stores anomalies once per id and lists them newest first with filters and pages', async () => {
        for (let i = 0; i < 5; i += 1) await s.results.putAnomaly(anomaly(`a${i}`, 'm1', T0 + i * HOUR, i === 4 ? 'local-c' : 'local-a'));
        await s.results.putAnomaly(anomaly('a0', 'm1', T0));
        await s.results.putAnomaly(anomaly('other', 'm2', T0));

        const all = await collectPages((cursor) => s.results.listAnomalies('m1', { limit: 2, cursor }));
        expect(all.items.map((a) => a.id)).toEqual(['a4', 'a3', 'a2', 'a1', 'a0']);
        expect(all.items[4]).toEqual(anomaly('a0', 'm1', T0));
        const window = await s.results.listAnomalies('m1', { limit: 10, since: T0 + HOUR, until: T0 + 3 * HOUR });
        expect(window.items.map((a) => a.id)).toEqual(['a2', 'a1']);
      });
    });

    describe('StateStore', () => {
      it('creates at version 1 when expecting 0, then moves one version per write', async () => {
        expect(await s.states.get('m1')).toBeNull();
        const first = await s.states.put(state('m1'), 0);
        expect(first.version).toBe(1);
        expect(await s.states.get('m1')).toEqual(first);

        const second = await s.states.put({ ...first, status: 'VERIFYING', failures: { 'local-a': 1 } }, 1);
        expect(second).toMatchObject({ version: 2, status: 'VERIFYING', failures: { 'local-a': 1 } });
        expect(await s.states.get('m1')).toEqual(second);
      });

      it('refuses a write whose expected version is stale, and changes nothing', async () => {
        const stored = await s.states.put(state('m1'), 0);
        await expect(s.states.put(state('m1', { status: 'DOWN' }), 0)).rejects.toBeInstanceOf(ConflictError);
        await s.states.put({ ...stored, successes: 5 }, 1);
        await expect(s.states.put(state('m1', { status: 'DOWN' }), 1)).rejects.toBeInstanceOf(ConflictError);
        await expect(s.states.put(state('m1', { status: 'DOWN' }), 7)).rejects.toBeInstanceOf(ConflictError);
        expect(await s.states.get('m1')).toMatchObject({ version: 2, status: 'UP', successes: 5 });
      });

      it('refuses an update of a state that was never stored', async () => {
        await expect(s.states.put(state('m1'), 3)).rejects.toBeInstanceOf(ConflictError);
        expect(await s.states.get('m1')).toBeNull();
      });

      it.each([0, 1])('lets exactly one of two racing writes at expected version %i win', async (expected) => {
        if (expected > 0) await s.states.put(state('m1'), 0);
        const winner = await expectExactlyOneWins([
          s.states.put(state('m1', { status: 'DOWN', openIncidentId: 'i-first' }), expected),
          s.states.put(state('m1', { status: 'DOWN', openIncidentId: 'i-second' }), expected),
        ]);
        expect(await s.states.get('m1')).toMatchObject({
          version: expected + 1,
          openIncidentId: winner === 0 ? 'i-first' : 'i-second',
        });
      });

      it('forgets a deleted state, so it starts over at version 0', async () => {
        await s.states.put(state('m1'), 0);
        await s.states.put(state('m2'), 0);
        await s.states.delete('m1');
        expect(await s.states.get('m1')).toBeNull();
        expect(await s.states.get('m2')).not.toBeNull();
        expect((await s.states.put(state('m1'), 0)).version).toBe(1);
      });
    });

    describe('AlertLog', () => {
      it('claims an id the first time only', async () => {
        expect(await s.alertLog.claim('down:i1', iso(T0))).toBe(true);
        expect(await s.alertLog.claim('down:i1', iso(T0 + 1000))).toBe(false);
        expect(await s.alertLog.claim('recovered:i1', iso(T0))).toBe(true);
      });

      it('gives one of many racing claims the id', async () => {
        const claims = await Promise.all(Array.from({ length: 5 }, () => s.alertLog.claim('down:i2', iso(T0))));
        expect(claims.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('IncidentStore', () => {
      it('creates, gets and updates an incident', async () => {
        const opened = incident('i1', 'm1', T0);
        await s.incidents.create(opened);
        expect(await s.incidents.get('i1')).toEqual(opened);
        expect(await s.incidents.get('nope')).toBeNull();

        const resolved = { ...opened, status: 'resolved' as const, resolvedAt: iso(T0 + HOUR), ledger: { opened: 1, resolved: 2 } };
        await s.incidents.update(resolved);
        expect(await s.incidents.get('i1')).toEqual(resolved);
      });

      it('refuses a second incident with the same id and an update of a missing one', async () => {
        await s.incidents.create(incident('i1', 'm1', T0));
        await expect(s.incidents.create(incident('i1', 'm2', T0))).rejects.toBeInstanceOf(ConflictError);
        expect((await s.incidents.get('i1'))?.monitorId).toBe('m1');
        await expect(s.incidents.update(incident('ghost', 'm1', T0))).rejects.toBeInstanceOf(NotFoundError);
        expect(await s.incidents.get('ghost')).toBeNull();
      });

      it('lists newest first with monitor and status filters, across pages', async () => {
        for (let i = 0; i < 6; i += 1) {
          await s.incidents.create(
            incident(`i${i}`, i < 4 ? 'm1' : 'm2', T0 + i * HOUR, i % 2 === 0 ? { status: 'resolved', resolvedAt: iso(T0 + i * HOUR + 1) } : {}),
          );
        }
        const all = await collectPages((cursor) => s.incidents.list({ limit: 4, cursor }));
        expect(all.items.map((i) => i.id)).toEqual(['i5', 'i4', 'i3', 'i2', 'i1', 'i0']);
        expect(all.pages).toBe(2);
        const m1 = await collectPages((cursor) => s.incidents.list({ limit: 1, cursor, monitorId: 'm1' }));
        expect(m1.items.map((i) => i.id)).toEqual(['i3', 'i2', 'i1', 'i0']);
        const openM1 = await s.incidents.list({ limit: 10, monitorId: 'm1', status: 'open' });
        expect(openM1.items.map((i) => i.id)).toEqual(['i3', 'i1']);

        await s.incidents.update({ ...(await s.incidents.get('i3'))!, status: 'resolved', resolvedAt: iso(T0 + 9 * HOUR) });
        expect((await s.incidents.list({ limit: 10, status: 'open' })).items.map((i) => i.id)).toEqual(['i5', 'i1']);
      });

      it.each(MALFORMED_CURSORS)('rejects a malformed cursor (%s) naming `cursor`', async (_label, cursor) => {
        await expectValidationOf(s.incidents.list({ limit: 1, cursor }), 'cursor');
      });
    });

    describe('LedgerStore', () => {
      it('has no way to change or remove an entry', () => {
        for (const method of ['delete', 'remove', 'update', 'put', 'replace']) expect(s.ledger).not.toHaveProperty(method);
      });

      it('starts empty', async () => {
        expect(await s.ledger.head()).toBeNull();
        expect(await s.ledger.range(0, 10)).toEqual([]);
        expect(await s.ledger.byKey('incident.opened:i1')).toBeNull();
        expect(await s.ledger.evidence('unknown')).toBeNull();
      });

      it('appends in order; head, byKey and range read it back', async () => {
        const records = [1, 2, 3, 4, 5].map((seq) => ledgerRecord(seq));
        for (const r of records) await s.ledger.append(r);
        expect(await s.ledger.head()).toEqual(records[4]);
        expect(await s.ledger.byKey('incident.opened:i3')).toEqual(records[2]);
        expect(await s.ledger.range(0, 2)).toEqual(records.slice(0, 2));
        expect(await s.ledger.range(2, 2)).toEqual(records.slice(2, 4));
        expect(await s.ledger.range(4, 10)).toEqual(records.slice(4));
        expect(await s.ledger.range(5, 10)).toEqual([]);
      });

      it('refuses a second entry at a seq (no fork) and keeps the first', async () => {
        await s.ledger.append(ledgerRecord(1));
        await s.ledger.append(ledgerRecord(2));
        await expect(s.ledger.append(ledgerRecord(2, { key: 'monitor.created:m9', jws: 'forked' }))).rejects.toBeInstanceOf(ConflictError);
        expect(await s.ledger.head()).toEqual(ledgerRecord(2));
        expect(await s.ledger.byKey('monitor.created:m9')).toBeNull();
      });

      it('refuses a second entry for a key (no duplicate) and writes nothing, evidence included', async () => {
        await s.ledger.append(ledgerRecord(1));
        const evidence = { sha256: sha256Base64url('{"dup":true}'), json: '{"dup":true}' };
        await expect(
          s.ledger.append(ledgerRecord(2, { key: ledgerRecord(1).key, evidenceSha256: evidence.sha256 }), evidence),
        ).rejects.toBeInstanceOf(ConflictError);
        expect(await s.ledger.head()).toEqual(ledgerRecord(1));
        expect(await s.ledger.evidence(evidence.sha256)).toBeNull();
      });

      it('refuses an entry that would leave a gap', async () => {
        await s.ledger.append(ledgerRecord(1));
        await expect(s.ledger.append(ledgerRecord(3))).rejects.toBeInstanceOf(ConflictError);
        expect(await s.ledger.range(0, 10)).toEqual([ledgerRecord(1)]);
      });

      it('lets exactly one of several racing appends at a seq win', async () => {
        await s.ledger.append(ledgerRecord(1));
        const winner = await expectExactlyOneWins(
          ['a', 'b', 'c'].map((who) => s.ledger.append(ledgerRecord(2, { key: `monitor.updated:${who}`, jws: `jws-${who}` }))),
        );
        expect(await s.ledger.range(1, 10)).toEqual([ledgerRecord(2, { key: `monitor.updated:${'abc'[winner]}`, jws: `jws-${'abc'[winner]}` })]);
      });

      it('stores the evidence beside its entry', async () => {
        const json = JSON.stringify({ primary: { region: 'local-a' }, verifier: { region: 'local-b' } });
        const sha256 = sha256Base64url(json);
        const record = ledgerRecord(1, { evidenceSha256: sha256 });
        await s.ledger.append(record, { sha256, json });
        expect(await s.ledger.head()).toEqual(record);
        expect(await s.ledger.evidence(sha256)).toBe(json);
      });

      it('refuses evidence whose hash is not the one the entry names', async () => {
        await expectValidationOf(
          s.ledger.append(ledgerRecord(1, { evidenceSha256: 'one' }), { sha256: 'another', json: '{}' }),
          'evidenceSha256',
        );
        expect(await s.ledger.head()).toBeNull();
        expect(await s.ledger.evidence('another')).toBeNull();
      });

      // Drift: SQLite used to take a seq of 0 (and any first seq); DynamoDB refused both.
      it.each([0, -1, 1.5])('refuses seq %s: the chain starts at 1, and nothing is written', async (seq) => {
        await expectValidationOf(s.ledger.append(ledgerRecord(seq)), 'seq');
        expect(await s.ledger.head()).toBeNull();
        expect(await s.ledger.byKey(ledgerRecord(seq).key)).toBeNull();
      });

      it('refuses a first entry other than 1 (it would leave a gap)', async () => {
        await expect(s.ledger.append(ledgerRecord(2))).rejects.toBeInstanceOf(ConflictError);
        expect(await s.ledger.head()).toBeNull();
        await s.ledger.append(ledgerRecord(1));
        expect(await s.ledger.head()).toEqual(ledgerRecord(1));
      });

      it('shares one evidence document between entries that store the same one', async () => {
        const json = '{"shared":true}';
        const sha256 = sha256Base64url(json);
        await s.ledger.append(ledgerRecord(1, { evidenceSha256: sha256 }), { sha256, json });
        await s.ledger.append(ledgerRecord(2, { evidenceSha256: sha256 }), { sha256, json });
        expect(await s.ledger.range(0, 10)).toEqual([ledgerRecord(1, { evidenceSha256: sha256 }), ledgerRecord(2, { evidenceSha256: sha256 })]);
        expect(await s.ledger.evidence(sha256)).toBe(json);
      });

      // Drift: SQLite used to append the entry and silently keep the first document; DynamoDB refused.
      it('refuses a different document under a stored evidence hash, writes nothing and keeps the first', async () => {
        const first = '{"doc":1}';
        const sha256 = sha256Base64url(first);
        await s.ledger.append(ledgerRecord(1, { evidenceSha256: sha256 }), { sha256, json: first });
        await expectValidationOf(s.ledger.append(ledgerRecord(2, { evidenceSha256: sha256 }), { sha256, json: '{"doc":2}' }), 'evidence.sha256');
        expect(await s.ledger.head()).toEqual(ledgerRecord(1, { evidenceSha256: sha256 }));
        expect(await s.ledger.byKey(ledgerRecord(2).key)).toBeNull();
        expect(await s.ledger.evidence(sha256)).toBe(first);
      });

      it('refuses an entry that names evidence without storing it', async () => {
        await expectValidationOf(s.ledger.append(ledgerRecord(1, { evidenceSha256: sha256Base64url('{}') })), 'evidence');
        expect(await s.ledger.head()).toBeNull();
      });

      it.each([-1, 0.5, Number.NaN])('refuses to read a range after seq %s', async (afterSeq) => {
        await expectValidationOf(s.ledger.range(afterSeq, 10), 'afterSeq');
      });
    });

    describe('LedgerStore: a monitor change that commits with its entry', () => {
      const created = monitorWithId('m1');
      const edited = { ...created, name: 'Edited', updatedAt: iso(T0 + 1) };

      async function expectNothingWritten(head: number | null, monitor: unknown): Promise<void> {
        expect((await s.ledger.head())?.seq ?? null).toBe(head);
        expect(await s.monitors.get('m1')).toEqual(monitor);
      }

      it('creates, replaces and deletes the monitor in the same step as each entry', async () => {
        await s.ledger.append(ledgerRecord(1, { key: 'monitor.created:m1' }), undefined, { op: 'create', monitor: created });
        expect(await s.monitors.get('m1')).toEqual(created);
        await s.ledger.append(ledgerRecord(2, { key: 'monitor.updated:m1' }), undefined, { op: 'replace', monitor: edited, expected: created });
        expect(await s.monitors.get('m1')).toEqual(edited);
        expect(await s.monitors.list({ limit: 10, tag: 'renamed' })).toMatchObject({ items: [] });
        await s.ledger.append(ledgerRecord(3, { key: 'monitor.deleted:m1' }), undefined, { op: 'delete', expected: edited });
        expect(await s.monitors.get('m1')).toBeNull();
        expect((await s.ledger.range(0, 10)).map((r) => r.key)).toEqual(['monitor.created:m1', 'monitor.updated:m1', 'monitor.deleted:m1']);
      });

      it('keeps the tags of a replaced monitor in step, for the tag filter', async () => {
        await s.ledger.append(ledgerRecord(1), undefined, { op: 'create', monitor: { ...created, tags: ['old'] } });
        await s.ledger.append(ledgerRecord(2), undefined, { op: 'replace', monitor: { ...edited, tags: ['new'] }, expected: { ...created, tags: ['old'] } });
        expect((await s.monitors.list({ limit: 10, tag: 'old' })).items).toEqual([]);
        expect((await s.monitors.list({ limit: 10, tag: 'new' })).items.map((m) => m.id)).toEqual(['m1']);
      });

      it('refuses a create on an id that exists with MonitorChangedError, and writes no entry', async () => {
        await s.monitors.create(created);
        const error = await s.ledger.append(ledgerRecord(1), undefined, { op: 'create', monitor: edited }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MonitorChangedError);
        expect((error as Error).message).toMatch('monitor m1 exists already');
        await expectNothingWritten(null, created);
      });

      it('refuses a replace made from a monitor that changed since, and writes neither', async () => {
        await s.monitors.create(edited);
        const stale = { ...edited, name: 'Stale write', updatedAt: iso(T0 + 2) };
        const error = await s.ledger.append(ledgerRecord(1), undefined, { op: 'replace', monitor: stale, expected: created }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MonitorChangedError);
        expect((error as Error).message).toMatch('monitor m1 changed or was deleted since it was read');
        await expectNothingWritten(null, edited);
      });

      it('refuses a replace or a delete of a monitor that is gone, and writes no entry', async () => {
        await expect(s.ledger.append(ledgerRecord(1), undefined, { op: 'replace', monitor: edited, expected: created })).rejects.toBeInstanceOf(MonitorChangedError);
        await expect(s.ledger.append(ledgerRecord(1), undefined, { op: 'delete', expected: created })).rejects.toBeInstanceOf(MonitorChangedError);
        await expectNothingWritten(null, null);
      });

      it('refuses a delete made from a monitor that changed since, and keeps it', async () => {
        await s.monitors.create(edited);
        await expect(s.ledger.append(ledgerRecord(1), undefined, { op: 'delete', expected: created })).rejects.toBeInstanceOf(MonitorChangedError);
        await expectNothingWritten(null, edited);
      });

      it('writes no monitor when the entry itself loses its seq (a plain ConflictError, to retry at the next seq)', async () => {
        await s.ledger.append(ledgerRecord(1));
        const error = await s.ledger.append(ledgerRecord(1, { key: 'monitor.created:m1' }), undefined, { op: 'create', monitor: created }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect(error).not.toBeInstanceOf(MonitorChangedError);
        await expectNothingWritten(1, null);
      });

      it('lets exactly one of several replaces racing for the next entry land, its monitor with its entry', async () => {
        await s.monitors.create(created);
        const attempts = [1, 2, 3, 4].map((n) =>
          s.ledger.append(ledgerRecord(1, { key: `monitor.updated:m1:${n}` }), undefined, {
            op: 'replace',
            monitor: { ...created, name: `Writer ${n}`, updatedAt: iso(T0 + n) },
            expected: created,
          }),
        );
        const winner = await expectExactlyOneWins(attempts);
        const entries = await s.ledger.range(0, 10);
        expect(entries.map((r) => r.key)).toEqual([`monitor.updated:m1:${winner + 1}`]);
        expect((await s.monitors.get('m1'))?.name).toBe(`Writer ${winner + 1}`);
      });
    });

    describe('documents', () => {
      it('creates, reads, lists in id order, replaces and deletes, each collection apart', async () => {
        await s.documents.create('status-page', 'shop', '{"title":"Shop"}');
        await s.documents.create('status-page', 'api', '{"title":"API"}');
        await s.documents.create('subscriber', 'shop', '{"email":"a@example.test"}');
        expect(await s.documents.get('status-page', 'shop')).toBe('{"title":"Shop"}');
        expect(await s.documents.get('maintenance', 'shop')).toBeNull();
        expect(await s.documents.list('status-page')).toEqual([
          { id: 'api', body: '{"title":"API"}' },
          { id: 'shop', body: '{"title":"Shop"}' },
        ]);
        await s.documents.replace('status-page', 'shop', '{"title":"Shop 2"}');
        expect(await s.documents.get('status-page', 'shop')).toBe('{"title":"Shop 2"}');
        expect(await s.documents.delete('status-page', 'shop')).toBe(true);
        expect(await s.documents.delete('status-page', 'shop')).toBe(false);
        expect(await s.documents.list('status-page')).toEqual([{ id: 'api', body: '{"title":"API"}' }]);
        expect(await s.documents.list('subscriber')).toEqual([{ id: 'shop', body: '{"email":"a@example.test"}' }]);
      });

      it('refuses a second create (ConflictError), a replace of nothing (NotFoundError) and a body that is not JSON, writing nothing', async () => {
        await s.documents.create('status-page', 'shop', '{"v":1}');
        await expect(s.documents.create('status-page', 'shop', '{"v":2}')).rejects.toBeInstanceOf(ConflictError);
        await expect(s.documents.replace('status-page', 'gone', '{"v":2}')).rejects.toBeInstanceOf(NotFoundError);
        await expectValidationOf(s.documents.replace('status-page', 'shop', 'not json'), 'body');
        await expectValidationOf(s.documents.create('status-page', '', '{}'), 'id');
        expect(await s.documents.get('status-page', 'shop')).toBe('{"v":1}');
        expect(await s.documents.get('status-page', 'gone')).toBeNull();
      });

      it('lets exactly one of concurrent creates of an id win', async () => {
        await expectExactlyOneWins(Array.from({ length: 5 }, (_, i) => s.documents.create('maintenance', 'm1', `{"n":${i}}`)));
      });
    });
  });
}

/**
 * The line behind the base's checks: a ledger backend itself refuses a different
 * document under a stored evidence hash (ConflictError, nothing written). Through the
 * port this takes a SHA-256 collision, so the suite calls the backend's hook directly.
 */
export function describeLedgerBackendContract(name: string, open: () => Promise<{ backend: LedgerBackend; close(): Promise<void> }>): void {
  describe(`ledger backend contract: ${name}`, () => {
    it('refuses a different document under a stored evidence hash, and writes nothing', async () => {
      const { backend, close } = await open();
      try {
        const sha256 = sha256Base64url('{"doc":1}');
        const treeRecord = new Uint8Array(32);
        await backend.appendIfFree({ record: ledgerRecord(1, { evidenceSha256: sha256 }), previousSeq: null, evidence: { sha256, json: '{"doc":1}' }, monitor: null, treeRecord });
        const second = { record: ledgerRecord(2, { evidenceSha256: sha256 }), previousSeq: 1, evidence: { sha256, json: '{"forged":true}' }, monitor: null, treeRecord: new Uint8Array(64) };
        const error = await backend.appendIfFree(second).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as Error).message).toMatch(`other evidence is stored under ${sha256}`);
        expect(await backend.head()).toEqual(ledgerRecord(1, { evidenceSha256: sha256 }));
        expect(await backend.byKey(ledgerRecord(2).key)).toBeNull();
        expect(await backend.evidence(sha256)).toBe('{"doc":1}');
      } finally {
        await close();
      }
    });
  });
}
