import { describe, expect, it } from 'vitest';
import { downtimeOf, unionLength, verifiedUptime, type DowntimeInterval } from '../../functions/core/uptime.ts';

const H = 3_600_000;
// A 10-hour window [0, 10h); the monitor exists from the start and `now` is its end unless a case says otherwise.
const WINDOW = { from: 0, to: 10 * H, observedFrom: 0, now: 10 * H };
const down = (openedAt: number, resolvedAt: number | null): DowntimeInterval => ({ openedAt: openedAt * H, resolvedAt: resolvedAt === null ? null : resolvedAt * H });

describe('verifiedUptime', () => {
  it.each<[string, DowntimeInterval[], Partial<typeof WINDOW>, { observedMs: number; downtimeMs: number; uptime: number | null }]>([
    ['no incidents: fully up', [], {}, { observedMs: 10 * H, downtimeMs: 0, uptime: 1 }],
    ['one incident inside', [down(2, 3)], {}, { observedMs: 10 * H, downtimeMs: H, uptime: 0.9 }],
    ['an incident overlapping the start is clipped', [down(-5, 1)], {}, { observedMs: 10 * H, downtimeMs: H, uptime: 0.9 }],
    ['an incident overlapping the end is clipped', [down(9, 15)], {}, { observedMs: 10 * H, downtimeMs: H, uptime: 0.9 }],
    ['an incident covering the whole window', [down(-1, 11)], {}, { observedMs: 10 * H, downtimeMs: 10 * H, uptime: 0 }],
    ['an open incident runs to now', [down(8, null)], {}, { observedMs: 10 * H, downtimeMs: 2 * H, uptime: 0.8 }],
    ['an open incident in a past window runs to its end', [down(8, null)], { to: 9 * H, now: 20 * H }, { observedMs: 9 * H, downtimeMs: H, uptime: 8 / 9 }],
    ['resolved exactly at the window start: no downtime', [down(-2, 0)], {}, { observedMs: 10 * H, downtimeMs: 0, uptime: 1 }],
    ['opened exactly at the window end: no downtime', [down(10, 11)], {}, { observedMs: 10 * H, downtimeMs: 0, uptime: 1 }],
    ['entirely before the window', [down(-3, -1)], {}, { observedMs: 10 * H, downtimeMs: 0, uptime: 1 }],
    ['two overlapping incidents count once', [down(1, 4), down(3, 5)], {}, { observedMs: 10 * H, downtimeMs: 4 * H, uptime: 0.6 }],
    ['several overlapping and nested incidents count once', [down(6, 7), down(1, 4), down(2, 3), down(3, 5), down(6.5, null)], {}, { observedMs: 10 * H, downtimeMs: 8 * H, uptime: 0.2 }],
    ['touching incidents add up', [down(1, 2), down(2, 3)], {}, { observedMs: 10 * H, downtimeMs: 2 * H, uptime: 0.8 }],
    ['created inside the window: observed from creation', [down(6, 7)], { observedFrom: 5 * H }, { observedMs: 5 * H, downtimeMs: H, uptime: 0.8 }],
    ['created inside the window: downtime before creation is not counted', [down(4, 6)], { observedFrom: 5 * H }, { observedMs: 5 * H, downtimeMs: H, uptime: 0.8 }],
    ['created after the window: nothing observed', [], { observedFrom: 12 * H }, { observedMs: 0, downtimeMs: 0, uptime: null }],
    ['created exactly at the window end: nothing observed', [], { observedFrom: 10 * H }, { observedMs: 0, downtimeMs: 0, uptime: null }],
    ['a window ending after now is observed up to now', [down(4, null)], { to: 24 * H, now: 5 * H }, { observedMs: 5 * H, downtimeMs: H, uptime: 0.8 }],
    ['a window starting after now: nothing observed', [], { from: 11 * H, to: 12 * H }, { observedMs: 0, downtimeMs: 0, uptime: null }],
  ])('%s', (_name, incidents, span, expected) => {
    const figures = verifiedUptime(incidents, { ...WINDOW, ...span });
    expect(figures.observedMs).toBe(expected.observedMs);
    expect(figures.downtimeMs).toBe(expected.downtimeMs);
    if (expected.uptime === null) expect(figures.uptime).toBeNull();
    else expect(figures.uptime).toBeCloseTo(expected.uptime, 12);
  });

  it('never leaves 0..1, whatever the incidents say', () => {
    const figures = verifiedUptime([down(5, 3), down(-100, 100)], WINDOW);
    expect(figures.uptime).toBe(0);
  });
});

describe('downtimeOf', () => {
  it('reads RFC 3339 times as epoch ms, open incidents as null', () => {
    expect(
      downtimeOf([
        { openedAt: '2026-11-21T10:00:00.000Z', resolvedAt: '2026-11-21T10:05:00.000Z' },
        { openedAt: '2026-11-21T11:00:00+01:00', resolvedAt: null },
      ]),
    ).toEqual([
      { openedAt: Date.parse('2026-11-21T10:00:00Z'), resolvedAt: Date.parse('2026-11-21T10:05:00Z') },
      { openedAt: Date.parse('2026-11-21T10:00:00Z'), resolvedAt: null },
    ]);
  });
});

describe('unionLength', () => {
  it.each<[string, [number, number][], number, number, number]>([
    ['empty', [], 0, 10, 0],
    ['disjoint', [[1, 2], [4, 6]], 0, 10, 3],
    ['unsorted and overlapping', [[5, 8], [1, 3], [2, 6]], 0, 10, 7],
    ['clipped at both ends', [[-5, 2], [8, 20]], 0, 10, 4],
    ['empty and inverted intervals count nothing', [[3, 3], [6, 4]], 0, 10, 0],
  ])('%s', (_name, intervals, start, end, expected) => {
    expect(unionLength(intervals, start, end)).toBe(expected);
  });
});
