/** States stored before `pendingEffects` was named so carry their pending effects as `outbox`. */
import { describe, expect, it } from 'vitest';
import { initialState, storedState, type MonitorState } from '../../functions/core/state.ts';
import type { Effect } from '../../functions/core/state-machine-effects.ts';

const effect = { type: 'certificateWarning', id: 'w', thresholdDays: 14, daysLeft: 13, notAfter: '2026-12-01T00:00:00.000Z', fingerprint256: 'x', at: '2026-12-01T00:00:00.000Z' } as unknown as Effect;
const base = initialState('m1', '2026-12-01T00:00:00.000Z');

describe('storedState', () => {
  it('reads a legacy outbox as pending effects', () => {
    const legacy = { ...base, outbox: [effect] } as MonitorState & { outbox: Effect[] };
    expect(storedState(legacy)).toEqual({ ...base, pendingEffects: [effect] });
  });

  it('drops an empty legacy outbox', () => {
    expect(storedState({ ...base, outbox: [] } as MonitorState)).toEqual(base);
  });

  it('leaves a current state as it is', () => {
    const current: MonitorState = { ...base, pendingEffects: [effect] };
    expect(storedState(current)).toBe(current);
  });
});
