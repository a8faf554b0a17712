/**
 * A seeded random trace for the false-alarm simulation: per monitor and round, whether
 * a real outage is on (every region fails) and which region, if any, has a transient
 * blip (only that region's check fails). Deterministic for a seed.
 */

/** mulberry32: small, fast, seedable; good enough for simulation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TraceOptions {
  readonly seed: number;
  readonly monitors: number;
  readonly rounds: number;
  readonly regions: number;
  /** Share of checks that fail transiently, in one region only. */
  readonly transientRate: number;
  /** Chance per round, outside an outage, that one starts. */
  readonly outageStartRate: number;
  readonly outageMinRounds: number;
  readonly outageMaxRounds: number;
}

export interface Outage {
  readonly monitor: number;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

export interface Trace {
  readonly options: TraceOptions;
  /** outage[m][r]: every region fails. */
  readonly outage: readonly Uint8Array[];
  /** blip[m][r]: index of the region with a transient failure, or -1. */
  readonly blip: readonly Int8Array[];
  readonly outages: readonly Outage[];
  readonly transientChecks: number;
}

export function makeTrace(options: TraceOptions): Trace {
  const random = seededRandom(options.seed);
  const outage: Uint8Array[] = [];
  const blip: Int8Array[] = [];
  const outages: Outage[] = [];
  let transientChecks = 0;
  for (let m = 0; m < options.monitors; m++) {
    const down = new Uint8Array(options.rounds);
    const blips = new Int8Array(options.rounds).fill(-1);
    for (let r = 0; r < options.rounds; ) {
      if (random() < options.outageStartRate) {
        const span = options.outageMinRounds + Math.floor(random() * (options.outageMaxRounds - options.outageMinRounds + 1));
        const end = Math.min(options.rounds, r + span);
        down.fill(1, r, end);
        outages.push({ monitor: m, start: r, end });
        r = end + 1; // at least one healthy round between outages
        continue;
      }
      // A blip hits one region: each region's check fails with `transientRate`.
      if (random() < options.transientRate * options.regions) {
        blips[r] = Math.floor(random() * options.regions);
        transientChecks++;
      }
      r++;
    }
    outage.push(down);
    blip.push(blips);
  }
  return { options, outage, blip, outages, transientChecks };
}
