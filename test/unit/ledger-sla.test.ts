import { describe, expect, it } from 'vitest';
import type { ParsedLedgerPayload } from '../../functions/core/ledger/index.ts';
import { computeSla } from '../../functions/audit/sla.ts';

const SHA = 'A'.repeat(43);
const at = (hhmm: string) => `2026-05-01T${hhmm}:00.000Z`;
let seq = 0;
const base = (time: string) => ({ seq: ++seq, prev: SHA, time });
const created = (time: string, id: string, name = id.toUpperCase()): ParsedLedgerPayload => ({ ...base(time), type: 'monitor.created', monitor: { id, name }, definitionSha256: SHA });
const updated = (time: string, id: string, name: string): ParsedLedgerPayload => ({ ...base(time), type: 'monitor.updated', monitor: { id, name }, definitionSha256: SHA });
const deleted = (time: string, id: string): ParsedLedgerPayload => ({ ...base(time), type: 'monitor.deleted', monitor: { id, name: id }, definitionSha256: SHA });
const opened = (time: string, id: string, incidentId: string): ParsedLedgerPayload => ({ ...base(time), type: 'incident.opened', incidentId, monitor: { id, name: id }, openedAt: time });
const resolved = (time: string, id: string, incidentId: string, openedAt: string): ParsedLedgerPayload => ({
  ...base(time),
  type: 'incident.resolved',
  incidentId,
  monitor: { id, name: id },
  openedAt,
  resolvedAt: time,
});

// 10 hours of ledger, four monitors:
//   a: one incident of 30 min, renamed later
//   b: an incident opened at 06:00 and still open
//   c: created at 02:00, deleted at 09:00, no incident
//   d: created by the last entry: observed for no time at all
const LEDGER: ParsedLedgerPayload[] = [
  created(at('00:00'), 'a'),
  created(at('00:00'), 'b'),
  opened(at('01:00'), 'a', 'inc-1'),
  resolved(at('01:30'), 'a', 'inc-1', at('01:00')),
  created(at('02:00'), 'c'),
  opened(at('06:00'), 'b', 'inc-2'),
  updated(at('08:00'), 'a', 'A renamed'),
  deleted(at('09:00'), 'c'),
  created(at('10:00'), 'd'),
];
const HOUR = 3_600_000;

describe('computeSla', () => {
  it('derives incidents, downtime and uptime per monitor over the period the ledger covers', () => {
    const sla = computeSla(LEDGER);
    expect(sla.from).toBe(at('00:00'));
    expect(sla.to).toBe(at('10:00'));
    expect(sla.monitors).toEqual([
      { monitorId: 'a', name: 'A renamed', since: at('00:00'), deletedAt: null, incidents: 1, resolved: 1, open: 0, downtimeMs: HOUR / 2, observedMs: 10 * HOUR, uptimeRatio: 0.95 },
      { monitorId: 'b', name: 'B', since: at('00:00'), deletedAt: null, incidents: 1, resolved: 0, open: 1, downtimeMs: 4 * HOUR, observedMs: 10 * HOUR, uptimeRatio: 0.6 },
      { monitorId: 'c', name: 'C', since: at('02:00'), deletedAt: at('09:00'), incidents: 0, resolved: 0, open: 0, downtimeMs: 0, observedMs: 7 * HOUR, uptimeRatio: 1 },
      { monitorId: 'd', name: 'D', since: at('10:00'), deletedAt: null, incidents: 0, resolved: 0, open: 0, downtimeMs: 0, observedMs: 0, uptimeRatio: null },
    ]);
  });

  it('with `until`, open incidents and the period run to that time', () => {
    const sla = computeSla(LEDGER, { until: Date.parse(at('20:00')) });
    expect(sla.to).toBe(at('20:00'));
    const [a, b, c, d] = sla.monitors;
    expect(a).toMatchObject({ downtimeMs: HOUR / 2, observedMs: 20 * HOUR, uptimeRatio: 0.975 });
    expect(b).toMatchObject({ downtimeMs: 14 * HOUR, observedMs: 20 * HOUR });
    expect(b?.uptimeRatio).toBeCloseTo(0.3, 12);
    expect(c).toMatchObject({ observedMs: 7 * HOUR, uptimeRatio: 1 });
    expect(d).toMatchObject({ observedMs: 10 * HOUR, uptimeRatio: 1 });
  });

  it('with `since` (a dashboard window), counts only that part: incidents overlapping it, monitors that existed in it', () => {
    const sla = computeSla(LEDGER, { since: Date.parse(at('05:00')), until: Date.parse(at('20:00')) });
    expect(sla.from).toBe(at('05:00'));
    expect(sla.to).toBe(at('20:00'));
    const [a, b, c, d] = sla.monitors;
    expect(a).toMatchObject({ name: 'A renamed', incidents: 0, resolved: 0, open: 0, downtimeMs: 0, observedMs: 15 * HOUR, uptimeRatio: 1 });
    expect(b).toMatchObject({ incidents: 1, open: 1, downtimeMs: 14 * HOUR, observedMs: 15 * HOUR });
    expect(c).toMatchObject({ observedMs: 4 * HOUR, uptimeRatio: 1 });
    expect(d).toMatchObject({ observedMs: 10 * HOUR, uptimeRatio: 1 });
    expect(computeSla(LEDGER, { since: Date.parse(at('09:30')), until: Date.parse(at('20:00')) }).monitors.map((m) => m.monitorId)).toEqual(['a', 'b', 'd']);
  });

  it('counts overlapping incidents once, and downtime only while the monitor existed', () => {
    const sla = computeSla([
      created(at('00:00'), 'x'),
      opened(at('01:00'), 'x', 'i1'),
      opened(at('01:30'), 'x', 'i2'),
      resolved(at('02:00'), 'x', 'i1', at('01:00')),
      resolved(at('03:00'), 'x', 'i2', at('01:30')),
      opened(at('05:00'), 'x', 'i3'),
      deleted(at('06:00'), 'x'),
      created(at('08:00'), 'y'),
    ]);
    expect(sla.monitors[0]).toMatchObject({ incidents: 3, resolved: 2, open: 1, downtimeMs: 3 * HOUR, observedMs: 6 * HOUR, uptimeRatio: 0.5 });
  });

  it('an empty ledger covers no period and no monitor', () => {
    expect(computeSla([])).toEqual({ from: null, to: null, monitors: [] });
  });
});
