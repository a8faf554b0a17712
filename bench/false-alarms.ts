/**
 * Issue 3 benchmark: false alarms and missed outages. 200 monitors, 1,000 rounds, two
 * regions, on a seeded trace with transient one-region failures (5% of checks) and
 * real outages in every region. CrossCheck runs its real services (state machine,
 * verification, ledger, SQLite stores in memory); the naive alerter opens an incident
 * on any failed check and resolves it on the next success. Side by side: false
 * incidents, missed outages, detection delay in rounds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStores } from '../functions/adapters/local/index.ts';
import { openLocalSigner } from '../functions/adapters/local/signer.ts';
import type { CheckResult } from '../functions/core/check-result.ts';
import { RegionUnavailableError } from '../functions/core/errors.ts';
import type { VerifyRequest } from '../functions/core/jobs.ts';
import { sharedNetwork } from '../functions/core/locations.ts';
import type { VerificationPolicy } from '../functions/core/quorum.ts';
import { parseMonitorDefinition, type Monitor } from '../functions/core/monitor.ts';
import type { JobQueue, Notifier, CheckRunner, VerifyQueue } from '../functions/ports/index.ts';
import { createLedgerWriter, handleCheckJob, handleVerifyRequest, type ServiceDeps } from '../functions/services/index.ts';
import { markdownTable } from './table.ts';
import { makeTrace, type Outage, type Trace } from './trace.ts';

const REGIONS = ['sim-a', 'sim-b'] as const;
const ROUND_MS = 60_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

export interface SimulationRow {
  readonly alerter: string;
  readonly incidents: number;
  readonly falseIncidents: number;
  readonly missedOutages: number;
  readonly maxDelayRounds: number;
  readonly meanDelayRounds: number;
  readonly downAlerts: number;
}

function result(region: string, now: number, failed: boolean): CheckResult {
  return {
    url: 'https://sim.example.test/',
    method: 'GET',
    region,
    startedAt: new Date(now).toISOString(),
    connected: !failed,
    status: failed ? 0 : 200,
    httpVersion: failed ? null : '1.1',
    remoteIp: failed ? null : '192.0.2.1',
    timings: { dns: 1, connect: failed ? null : 2, tls: null, ttfb: failed ? null : 20, total: failed ? 10_000 : 25 },
    headers: {},
    bodyBytes: 0,
    tls: null,
    redirects: [],
    success: !failed,
    cause: failed ? 'timeout' : null,
    error: failed ? 'no answer within 10000 ms' : null,
    conditions: [{ condition: failed ? '[STATUS] (0) < 400' : '[STATUS] < 400', success: !failed }],
    bodyExcerpt: '',
  };
}

/** An incident's life in rounds: opened in `open`, resolved before round `close` (end of run when still open). */
interface Span {
  readonly monitor: number;
  readonly open: number;
  readonly close: number;
}

/**
 * An outage counts as detected when an incident is open at some round during it (the
 * delay is from the outage's start to the first such round); an incident that overlaps
 * no outage at all is a false incident.
 */
function score(name: string, spans: readonly Span[], trace: Trace, downAlerts: number): SimulationRow {
  const byMonitor = new Map<number, Span[]>();
  for (const span of spans) byMonitor.set(span.monitor, [...(byMonitor.get(span.monitor) ?? []), span]);
  const overlaps = (span: Span, o: Outage) => span.monitor === o.monitor && span.open < o.end && span.close > o.start;
  const delays: number[] = [];
  for (const outage of trace.outages) {
    const covering = (byMonitor.get(outage.monitor) ?? []).filter((span) => overlaps(span, outage));
    if (covering.length > 0) delays.push(Math.max(0, Math.min(...covering.map((span) => span.open)) - outage.start));
  }
  const falseIncidents = spans.filter((span) => !trace.outages.some((o) => overlaps(span, o))).length;
  return {
    alerter: name,
    incidents: spans.length,
    falseIncidents,
    missedOutages: trace.outages.length - delays.length,
    maxDelayRounds: delays.length ? Math.max(...delays) : 0,
    meanDelayRounds: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : 0,
    downAlerts,
  };
}

export function naive(trace: Trace, locations: number = REGIONS.length): SimulationRow {
  const spans: Span[] = [];
  trace.outage.forEach((down, m) => {
    let openedAt = -1;
    for (let r = 0; r < down.length; r++) {
      for (let region = 0; region < locations; region++) {
        const failed = down[r] === 1 || trace.blip[m]![r] === region;
        if (failed && openedAt < 0) openedAt = r;
        if (!failed && openedAt >= 0) {
          spans.push({ monitor: m, open: openedAt, close: r + 1 });
          openedAt = -1;
        }
      }
    }
    if (openedAt >= 0) spans.push({ monitor: m, open: openedAt, close: down.length });
  });
  return score('naive (alert on any failed check)', spans, trace, spans.length);
}

/** Where the simulated monitors are checked from and how a failure is confirmed; `away`: a location gone for a span of rounds (an agent that left). */
export interface Setup {
  readonly name: string;
  readonly regions: readonly string[];
  readonly verification?: VerificationPolicy;
  readonly away?: { readonly region: string; readonly from: number; readonly to: number };
}

export const TWO_REGIONS: Setup = { name: 'CrossCheck (verified from a second region)', regions: REGIONS };
/** Two logical regions on one network and three agents (issue 10), majority of the reachable ones; agent-c leaves for 200 rounds. */
export const FIVE_LOCATIONS: Setup = {
  name: 'CrossCheck, 5 locations, majority (agent-c away for rounds 300-499)',
  regions: ['local-a', 'local-b', 'agent-a', 'agent-b', 'agent-c'],
  verification: 'majority',
  away: { region: 'agent-c', from: 300, to: 500 },
};

export async function crossCheck(trace: Trace, setup: Setup = TWO_REGIONS): Promise<SimulationRow & { anomalies: number; ledgerEntries: number }> {
  const regions = setup.regions;
  const isAway = (region: string, r: number) => setup.away !== undefined && setup.away.region === region && r >= setup.away.from && r < setup.away.to;
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-sim-'));
  const stores = openLocalStores({ path: ':memory:' });
  try {
    const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
    let now = T0;
    let round = 0;
    const clock = { now: () => now };
    const pending: { region: string; request: VerifyRequest }[] = [];
    const verify: VerifyQueue = {
      send: async (region, request) => {
        if (isAway(region, round)) throw new RegionUnavailableError(region);
        pending.push({ region, request });
      },
    };
    const jobs: JobQueue = { send: async () => undefined };
    let downAlerts = 0;
    const notifier: Notifier = { send: async (alert) => void (alert.kind === 'down' && downAlerts++) };
    const indexOf = new Map<string, number>();
    const checkRunner: CheckRunner = {
      run: async (definition, region) => {
        const m = indexOf.get(definition.name)!;
        const failed = trace.outage[m]![round] === 1 || trace.blip[m]![round] === regions.indexOf(region);
        return result(region, now, failed);
      },
    };
    let seq = 0;
    const deps: ServiceDeps = {
      ...stores,
      ledgerWriter: createLedgerWriter({ ledger: stores.ledger, signer, clock }),
      jobs,
      verify,
      notifier,
      checkRunner,
      clock,
      ids: { next: () => `sim${++seq}` },
      regions,
      networks: sharedNetwork(['local-a', 'local-b']),
    };
    const monitors: Monitor[] = Array.from({ length: trace.options.monitors }, (_, m) => {
      indexOf.set(`m${m}`, m);
      const definition = parseMonitorDefinition({ name: `m${m}`, url: 'https://sim.example.test/', regions: [...regions], ...(setup.verification ? { verification: setup.verification } : {}) });
      return { ...definition, id: `mon-${m}`, createdAt: new Date(T0).toISOString(), updatedAt: new Date(T0).toISOString() };
    });
    for (round = 0; round < trace.options.rounds; round++) {
      for (const monitor of monitors) {
        for (const [i, region] of regions.entries()) {
          if (isAway(region, round)) continue;
          now = T0 + round * ROUND_MS + i * 1000;
          await handleCheckJob(deps, { jobId: `${monitor.id}:${round}:${region}`, monitor, region, scheduledFor: new Date(now).toISOString() });
          // The verifier re-checks at once, from the other region.
          while (pending.length > 0) {
            const { region: verifier, request } = pending.shift()!;
            await handleVerifyRequest(deps, request, verifier);
          }
        }
      }
    }
    const spans: Span[] = [];
    const roundOf = (time: string) => Math.floor((Date.parse(time) - T0) / ROUND_MS);
    let cursor: string | undefined;
    do {
      const page = await stores.incidents.list({ limit: 100, cursor });
      for (const incident of page.items) {
        const close = incident.resolvedAt ? roundOf(incident.resolvedAt) + 1 : trace.options.rounds;
        spans.push({ monitor: indexOf.get(incident.monitorName)!, open: roundOf(incident.openedAt), close });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    let anomalies = 0;
    for (const monitor of monitors) {
      const rollups = await stores.results.listRollups(monitor.id, T0, T0 + trace.options.rounds * ROUND_MS + 3_600_000);
      anomalies += rollups.reduce((sum, r) => sum + r.anomalies, 0);
    }
    const head = await stores.ledger.head();
    return { ...score(setup.name, spans, trace, downAlerts), anomalies, ledgerEntries: head?.seq ?? 0 };
  } finally {
    stores.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchFalseAlarms(): Promise<string> {
  const seed = Number(process.env.BENCH_SEED ?? 20261121);
  const trace = makeTrace({
    seed,
    monitors: Number(process.env.BENCH_SIM_MONITORS ?? 200),
    rounds: Number(process.env.BENCH_SIM_ROUNDS ?? 1000),
    regions: REGIONS.length,
    transientRate: 0.05,
    outageStartRate: 0.003,
    outageMinRounds: 1,
    outageMaxRounds: 10,
  });
  const t0 = performance.now();
  const ours = await crossCheck(trace);
  const seconds = (performance.now() - t0) / 1000;
  const theirs = naive(trace);
  const checks = trace.options.monitors * trace.options.rounds * REGIONS.length;
  const row = (r: SimulationRow) => [
    r.alerter,
    String(r.incidents),
    `${r.falseIncidents}`,
    `${r.missedOutages}`,
    `${r.maxDelayRounds} (mean ${r.meanDelayRounds.toFixed(2)})`,
    String(r.downAlerts),
  ];
  const table = markdownTable(
    ['alerter', 'incidents', 'false incidents (target 0)', 'missed outages (target 0)', 'detection delay, rounds: max (mean)', 'DOWN alerts'],
    [row(ours), row(theirs)],
  );
  const trace5 = makeTrace({ ...trace.options, regions: FIVE_LOCATIONS.regions.length });
  const t5 = performance.now();
  const five = await crossCheck(trace5, FIVE_LOCATIONS);
  const seconds5 = (performance.now() - t5) / 1000;
  const checks5 = trace5.options.monitors * trace5.options.rounds * FIVE_LOCATIONS.regions.length;
  return [
    `seed ${seed}; ${trace.options.monitors} monitors x ${trace.options.rounds} rounds x ${REGIONS.length} regions = ${checks} checks; ` +
      `${trace.transientChecks} transient one-region failures (${((100 * trace.transientChecks) / checks).toFixed(2)}% of checks); ` +
      `${trace.outages.length} real outages in every region.`,
    '',
    table,
    '',
    `CrossCheck recorded ${ours.anomalies} regional anomalies (refuted failures) and ${ours.ledgerEntries} signed ledger entries; ` +
      `delay 0 means the incident opened in the round the outage began, after the verifier's re-check. Simulated in ${seconds.toFixed(1)} s.`,
    '',
    `Five locations (issue 10): the same seed and rates, ${FIVE_LOCATIONS.regions.join(', ')} (${checks5} planned checks; ` +
      `${trace5.transientChecks} transient one-location failures; ${trace5.outages.length} real outages everywhere), majority of the reachable locations:`,
    '',
    markdownTable(
      ['alerter', 'incidents', 'false incidents (target 0)', 'missed outages (target 0)', 'detection delay, rounds: max (mean)', 'DOWN alerts'],
      [row(five), row(naive(trace5, FIVE_LOCATIONS.regions.length))],
    ),
    '',
    `${five.anomalies} anomalies, ${five.ledgerEntries} ledger entries; simulated in ${seconds5.toFixed(1)} s.`,
  ].join('\n');
}
