/**
 * A whole CrossCheck pipeline for service tests, on the real local adapters: SQLite
 * in memory, in-process queues per region, the real ledger writer and local signer.
 * Only the prober is scripted (each region answers what the test says), the clock is
 * manual, and alerts are recorded instead of delivered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, importJWK } from 'jose';
import {
  InProcessQueue,
  createLocalJobQueue,
  createLocalVerifyQueue,
  openLocalStores,
  type LocalStores,
} from '../../functions/adapters/local/index.ts';
import { openLocalSigner, type LocalSigner } from '../../functions/adapters/local/signer.ts';
import type { Alert } from '../../functions/core/alert.ts';
import type { CheckResult } from '../../functions/core/check-result.ts';
import type { Incident } from '../../functions/core/incident.ts';
import type { CheckJob, VerifyRequest } from '../../functions/core/jobs.ts';
import type { Monitor, MonitorDefinition } from '../../functions/core/monitor.ts';
import { monitorTarget } from '../../functions/core/monitor-types/target.ts';
import type { MonitorState } from '../../functions/core/state.ts';
import type { Notifier, CheckRunner } from '../../functions/ports/index.ts';
import type { ServiceDeps } from '../../functions/services/index.ts';
import { createLedgerWriter, type LedgerWriter } from '../../functions/services/ledger.ts';
import { T0, failingResult, iso, passingResult } from './fixtures.ts';

export type Outcome = 'ok' | 'fail' | ((region: string, now: number) => CheckResult);

export interface DecodedEntry {
  readonly seq: number;
  readonly payload: Record<string, unknown> & { seq: number; prev: string; type: string; time: string };
}

export class World {
  readonly stores: LocalStores;
  readonly signer: LocalSigner;
  readonly regions: readonly string[];
  now = T0;
  /** Every alert the notifier was handed, in order. */
  readonly alerts: Alert[] = [];
  /** Regions whose verify queue cannot be reached. */
  readonly unavailable = new Set<string>();
  /** Verification requests delivered to each region's verify queue, not yet handled. */
  readonly verifyInbox: { region: string; request: VerifyRequest }[] = [];
  /** Check jobs delivered to each region's checks queue. */
  readonly jobInbox: { job: CheckJob }[] = [];
  /** How many probes each region ran. */
  readonly probes = new Map<string, number>();
  readonly deps: ServiceDeps;
  readonly ledger: LedgerWriter;
  private readonly outcomes = new Map<string, Outcome>();
  private readonly verifyQueues: InProcessQueue<VerifyRequest>[] = [];
  private readonly jobQueues: InProcessQueue<CheckJob>[] = [];
  private idCounter = 0;
  private readonly dir: string;

  private constructor(dir: string, stores: LocalStores, signer: LocalSigner, regions: readonly string[]) {
    this.dir = dir;
    this.stores = stores;
    this.signer = signer;
    this.regions = regions;
    const clock = { now: () => this.now };
    this.ledger = createLedgerWriter({ ledger: stores.ledger, signer, clock });
    const verifyQueues = new Map<string, InProcessQueue<VerifyRequest>>();
    const jobQueues = new Map<string, InProcessQueue<CheckJob>>();
    for (const region of regions) {
      const verify = new InProcessQueue<VerifyRequest>({ name: `verify-${region}` });
      verify.consume(async (request) => {
        this.verifyInbox.push({ region, request });
      });
      verifyQueues.set(region, verify);
      this.verifyQueues.push(verify);
      const jobs = new InProcessQueue<CheckJob>({ name: `probe-${region}` });
      jobs.consume(async (job) => {
        this.jobInbox.push({ job });
      });
      jobQueues.set(region, jobs);
      this.jobQueues.push(jobs);
    }
    const checkRunner: CheckRunner = {
      run: async (definition: MonitorDefinition, region: string) => {
        this.probes.set(region, (this.probes.get(region) ?? 0) + 1);
        const outcome = this.outcomes.get(region) ?? 'ok';
        const result = outcome === 'ok' ? passingResult(region, this.now) : outcome === 'fail' ? failingResult(region, this.now) : outcome(region, this.now);
        return { ...result, url: monitorTarget(definition) };
      },
    };
    const notifier: Notifier = {
      send: async (alert) => {
        this.alerts.push(alert);
      },
    };
    this.deps = {
      monitors: stores.monitors,
      results: stores.results,
      states: stores.states,
      incidents: stores.incidents,
      alertLog: stores.alertLog,
      ledgerWriter: this.ledger,
      jobs: createLocalJobQueue(jobQueues),
      verify: createLocalVerifyQueue(verifyQueues, { unavailable: this.unavailable }),
      notifier,
      checkRunner,
      clock,
      ids: { next: () => `id${++this.idCounter}` },
      regions,
    };
  }

  static async open(regions: readonly string[] = ['eu-west-1', 'us-east-1', 'ap-south-1']): Promise<World> {
    const dir = await mkdtemp(join(tmpdir(), 'crosscheck-services-'));
    const stores = openLocalStores({ path: ':memory:' });
    const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
    return new World(dir, stores, signer, regions);
  }

  async close(): Promise<void> {
    for (const queue of [...this.verifyQueues, ...this.jobQueues]) queue.close();
    this.stores.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** What the next probe from `region` sees; the same outcome holds until changed. */
  probe(region: string, outcome: Outcome): this {
    this.outcomes.set(region, outcome);
    return this;
  }

  /** Every region sees `outcome`. */
  probeAll(outcome: Outcome): this {
    for (const region of this.regions) this.outcomes.set(region, outcome);
    return this;
  }

  wait(seconds: number): this {
    this.now += seconds * 1000;
    return this;
  }

  job(monitor: Monitor, region: string): CheckJob {
    return { jobId: `${monitor.id}:${region}:${Math.floor(this.now / 1000)}`, monitor, region, scheduledFor: iso(this.now) };
  }

  /** Waits until every queue delivered what was sent to it. */
  async settleQueues(): Promise<void> {
    await Promise.all([...this.verifyQueues, ...this.jobQueues].map((q) => q.drain()));
  }

  /** Takes the verification requests delivered so far out of the inbox. */
  async takeVerifications(): Promise<{ region: string; request: VerifyRequest }[]> {
    await this.settleQueues();
    return this.verifyInbox.splice(0);
  }

  async state(monitorId: string): Promise<MonitorState | null> {
    return this.stores.states.get(monitorId);
  }

  async incidents(monitorId: string): Promise<readonly Incident[]> {
    return (await this.stores.incidents.list({ monitorId, limit: 100 })).items;
  }

  /** Every ledger entry, with its signature checked against the signer's public key (jose, no CrossCheck code). */
  async entries(): Promise<DecodedEntry[]> {
    const key = await importJWK(await this.signer.publicJwk(), 'ES256');
    const records = await this.stores.ledger.range(0, 1000);
    const out: DecodedEntry[] = [];
    for (const record of records) {
      const { payload } = await compactVerify(record.jws, key);
      out.push({ seq: record.seq, payload: JSON.parse(new TextDecoder().decode(payload)) as DecodedEntry['payload'] });
    }
    return out;
  }

  subjects(): string[] {
    return this.alerts.map((a) => a.subject);
  }
}
