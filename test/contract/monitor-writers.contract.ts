/**
 * Many writers changing one monitor at once, through the services and the real ledger
 * writer, on any adapter's stores: every definition change and its ledger entry land
 * together, so the ledger's `monitor.*` entries are in the order in which the store
 * took the definitions, and the last of them describes what is stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalSigner } from '../../functions/adapters/local/signer.ts';
import { monitorDefinitionSha256 } from '../../functions/core/ledger/index.ts';
import type { Monitor } from '../../functions/core/monitor.ts';
import type { Stores } from '../../functions/ports/stores.ts';
import { createLedgerWriter } from '../../functions/services/ledger.ts';
import { createMonitor, deleteMonitor, patchMonitor, type MonitorServiceDeps } from '../../functions/services/monitors.ts';
import { seededRandom } from '../../bench/trace.ts';

const WRITERS = 50;

/**
 * The store behind a little random latency before and after every call (seeded, so a run
 * repeats), as a network store has: without it, an in-process store's synchronous steps
 * would hide interleavings that a real deployment meets. `slowReplies` names the calls
 * whose answer takes longer to come back (a recorder's reply crossing the network).
 */
function withLatency<T extends object>(store: T, random: () => number, slowReplies: readonly string[] = []): T {
  const pause = (maxMs: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.floor(random() * maxMs)));
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await pause(3);
        const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
        await pause(slowReplies.includes(String(property)) ? 25 : 3);
        return result;
      };
    },
  });
}

interface MonitorEntry {
  readonly seq: number;
  readonly type: string;
  readonly monitorId: string;
  readonly definitionSha256: string;
}

/**
 * `addLatency`: for stores that answer synchronously underneath (SQLite); a network
 * store (DynamoDB on moto) has latency of its own. `ledgerWriters`: ledger writers side
 * by side, as separate processes (or recorder Lambdas) would be, racing for every seq;
 * the 50 service calls are spread over them.
 */
export function describeMonitorWritersContract(
  name: string,
  open: () => Promise<Stores>,
  close: (stores: Stores) => Promise<void>,
  { addLatency, ledgerWriters }: { readonly addLatency: boolean; readonly ledgerWriters: number },
): void {
  describe(`monitor changes and their ledger entries under ${WRITERS} concurrent writers: ${name}`, () => {
    let stores: Stores;
    let keyDir: string;
    let services: MonitorServiceDeps[];

    beforeEach(async () => {
      stores = await open();
      keyDir = await mkdtemp(join(tmpdir(), 'crosscheck-writers-'));
      const signer = await openLocalSigner(keyDir, { ledgerHasEntries: false });
      const clock = { now: () => Date.now() };
      const random = seededRandom(20261204);
      const monitors = addLatency ? withLatency(stores.monitors, random) : stores.monitors;
      const ledger = addLatency ? withLatency(stores.ledger, random, ['append']) : stores.ledger;
      services = Array.from({ length: ledgerWriters }, () => ({
        monitors,
        ledgerWriter: createLedgerWriter({ ledger, signer, clock }, { maxAttempts: 10_000 }),
        lifecycle: { stop: async () => undefined, resume: async () => undefined },
        clock,
        ids: { next: () => randomUUID() },
        regions: [],
      }));
    });

    afterEach(async () => {
      await close(stores);
      await rm(keyDir, { recursive: true, force: true });
    });

    async function monitorEntries(monitorId: string): Promise<MonitorEntry[]> {
      const records = await stores.ledger.range(0, 10_000);
      return records
        .map((record) => {
          const payload = JSON.parse(Buffer.from(record.jws.split('.')[1]!, 'base64url').toString('utf8')) as {
            seq: number;
            type: string;
            monitor?: { id: string };
            definitionSha256?: string;
          };
          return { seq: payload.seq, type: payload.type, monitorId: payload.monitor?.id ?? '', definitionSha256: payload.definitionSha256 ?? '' };
        })
        .filter((entry) => entry.monitorId === monitorId);
    }

    it(`lands all ${WRITERS} PATCHes of one monitor, one entry each, the last entry being what the store holds`, async () => {
      const base = await createMonitor(services[0]!, { name: 'racer', url: 'https://racer.example.test/health' });
      const timeouts = Array.from({ length: WRITERS }, (_, i) => 1_000 + i);
      const outcomes = await Promise.allSettled(timeouts.map((timeoutMs, i) => patchMonitor(services[i % services.length]!, base.id, { timeoutMs })));
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);

      const stored = (await stores.monitors.get(base.id))!;
      const shaOf = new Map(timeouts.map((timeoutMs) => [monitorDefinitionSha256({ ...stored, timeoutMs }), timeoutMs]));
      const entries = await monitorEntries(base.id);
      expect(entries[0]!.type).toBe('monitor.created');
      const updates = entries.slice(1);
      expect(updates.map((e) => e.type)).toEqual(Array(WRITERS).fill('monitor.updated'));
      // Each entry is one writer's definition, each writer's exactly once...
      const applied = updates.map((e) => shaOf.get(e.definitionSha256));
      expect(new Set(applied)).toEqual(new Set(timeouts));
      // ...and the last entry is what the store holds.
      expect(applied.at(-1)).toBe(stored.timeoutMs);
      expect(updates.at(-1)!.definitionSha256).toBe(monitorDefinitionSha256(stored));
    }, 180_000);

    it('ends a race of PATCHes and a DELETE with the monitor gone and the delete as its last entry', async () => {
      const base: Monitor = await createMonitor(services[0]!, { name: 'doomed', url: 'https://doomed.example.test/health' });
      const patches = Array.from({ length: 20 }, (_, i) => patchMonitor(services[i % services.length]!, base.id, { timeoutMs: 2_000 + i }));
      const outcomes = await Promise.allSettled([...patches.slice(0, 10), deleteMonitor(services.at(-1)!, base.id), ...patches.slice(10)]);
      // A PATCH that comes after the delete finds no monitor (404); none fails otherwise.
      for (const outcome of outcomes) if (outcome.status === 'rejected') expect((outcome.reason as Error).name).toBe('NotFoundError');
      expect(await stores.monitors.get(base.id)).toBeNull();
      const entries = await monitorEntries(base.id);
      expect(entries.at(-1)!.type).toBe('monitor.deleted');
      expect(entries.filter((e) => e.type === 'monitor.deleted')).toHaveLength(1);
      const updated = outcomes.filter((o) => o.status === 'fulfilled').length - 1; // less the delete
      expect(entries.filter((e) => e.type === 'monitor.updated')).toHaveLength(updated);
    }, 60_000);
  });
}
