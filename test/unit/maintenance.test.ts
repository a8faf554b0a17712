import { describe, expect, it } from 'vitest';
import { activeMaintenanceWindow, inMaintenance } from '../../functions/core/maintenance.ts';
import type { MaintenanceWindow } from '../../functions/core/monitor.ts';

const at = (iso: string) => Date.parse(iso);

describe('one-off maintenance windows', () => {
  const windows: MaintenanceWindow[] = [
    { start: '2026-11-21T10:00:00Z', end: '2026-11-21T11:30:00Z', reason: 'database upgrade' },
  ];

  it.each([
    ['2026-11-21T09:59:59.999Z', false],
    ['2026-11-21T10:00:00Z', true],
    ['2026-11-21T11:29:59Z', true],
    ['2026-11-21T11:30:00Z', false],
    ['2026-11-22T10:30:00Z', false],
  ])('at %s: %s', (time, expected) => {
    expect(inMaintenance({ maintenance: windows }, at(time))).toBe(expected);
  });

  it('honours offsets in start and end', () => {
    const window: MaintenanceWindow = { start: '2026-11-21T12:00:00+02:00', end: '2026-11-21T13:00:00+02:00' };
    expect(inMaintenance({ maintenance: [window] }, at('2026-11-21T10:30:00Z'))).toBe(true);
    expect(inMaintenance({ maintenance: [window] }, at('2026-11-21T12:30:00Z'))).toBe(false);
  });
});

describe('weekly maintenance windows (UTC)', () => {
  // 2026-11-21 is a Saturday.
  const sundayNight: MaintenanceWindow = { days: ['sun'], at: '23:30', durationMinutes: 90 };
  const weekdays: MaintenanceWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], at: '02:00', durationMinutes: 30 };
  const longWeekend: MaintenanceWindow = { days: ['fri'], at: '18:00', durationMinutes: 3 * 24 * 60 };

  it.each([
    ['Sunday 23:29', sundayNight, '2026-11-22T23:29:00Z', false],
    ['Sunday 23:30', sundayNight, '2026-11-22T23:30:00Z', true],
    ['past midnight into Monday', sundayNight, '2026-11-23T00:45:00Z', true],
    ['Monday 01:00, window over', sundayNight, '2026-11-23T01:00:00Z', false],
    ['Saturday 23:45 (not listed)', sundayNight, '2026-11-21T23:45:00Z', false],
    ['Monday 02:10', weekdays, '2026-11-23T02:10:00Z', true],
    ['Saturday 02:10', weekdays, '2026-11-21T02:10:00Z', false],
    ['Friday 02:29:59', weekdays, '2026-11-27T02:29:59Z', true],
    ['Friday 17:59', longWeekend, '2026-11-27T17:59:00Z', false],
    ['Sunday noon, two days into a Friday window', longWeekend, '2026-11-29T12:00:00Z', true],
    ['Monday 17:59, last minute', longWeekend, '2026-11-30T17:59:00Z', true],
    ['Monday 18:00, over', longWeekend, '2026-11-30T18:00:00Z', false],
  ])('%s', (_label, window, time, expected) => {
    expect(inMaintenance({ maintenance: [window] }, at(time))).toBe(expected);
  });

  it('a week-long window starting every day covers all time', () => {
    const always: MaintenanceWindow = {
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      at: '00:00',
      durationMinutes: 7 * 24 * 60,
    };
    for (let hour = 0; hour < 24 * 8; hour += 5) {
      expect(inMaintenance({ maintenance: [always] }, at('2026-11-21T00:00:00Z') + hour * 3_600_000)).toBe(true);
    }
  });
});

describe('activeMaintenanceWindow', () => {
  it('names the window that is active, or null', () => {
    const a: MaintenanceWindow = { start: '2026-11-21T10:00:00Z', end: '2026-11-21T11:00:00Z', reason: 'a' };
    const b: MaintenanceWindow = { days: ['sat'], at: '10:30', durationMinutes: 60, reason: 'b' };
    expect(activeMaintenanceWindow([a, b], at('2026-11-21T10:45:00Z'))).toBe(a);
    expect(activeMaintenanceWindow([a, b], at('2026-11-21T11:15:00Z'))).toBe(b);
    expect(activeMaintenanceWindow([a, b], at('2026-11-21T12:00:00Z'))).toBeNull();
    expect(activeMaintenanceWindow([], at('2026-11-21T10:45:00Z'))).toBeNull();
  });
});
