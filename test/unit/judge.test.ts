/** The verdict of a check: conditions first, then the transport failure, with `[CONNECTED]` as the user's override. */
import { describe, expect, it } from 'vitest';
import { BODY_EXCERPT_CHARS, type FailureCause, type Observation } from '../../functions/core/check-result.ts';
import { judge } from '../../functions/core/judge.ts';
import { DEFAULT_CONDITION } from '../../functions/core/monitor.ts';

type Transport = Exclude<FailureCause, 'condition'> | null;

/** What the probe saw: a 200 by default; a transport failure with no connection has status 0. */
function observation(overrides: Partial<Observation> = {}): Observation {
  return {
    url: 'https://example.test/health',
    method: 'GET',
    region: 'local-a',
    startedAt: '2026-03-01T00:00:00.000Z',
    connected: true,
    status: 200,
    httpVersion: '1.1',
    remoteIp: '127.0.0.1',
    timings: { dns: 1, connect: 2, tls: 3, ttfb: 4, total: 42 },
    headers: { 'content-type': 'application/json' },
    body: '{"status":"UP"}',
    bodyBytes: 15,
    tls: null,
    redirects: [],
    cause: null,
    error: null,
    ...overrides,
  };
}

function failedTransport(cause: Transport, connected = false): Observation {
  return observation({ cause, connected, status: 0, body: '', bodyBytes: 0, error: `${cause} failed`, timings: { dns: null, connect: null, tls: null, ttfb: null, total: 7 } });
}

describe('judge', () => {
  it('passes when every condition passes and nothing failed on the way', () => {
    const seen = observation();
    const result = judge(seen, ['[STATUS] == 200', '[BODY].status == UP']);
    const { body: _body, ...observed } = seen;
    expect(result).toEqual({
      ...observed,
      success: true,
      cause: null,
      conditions: [
        { condition: '[STATUS] == 200', success: true },
        { condition: '[BODY].status == UP', success: true },
      ],
      bodyExcerpt: '{"status":"UP"}',
    });
    expect(result).not.toHaveProperty('body');
  });

  it('evaluates every condition, and fails with cause condition when one fails', () => {
    const result = judge(observation({ status: 503, body: '{"status":"DOWN"}' }), ['[STATUS] == 200', '[RESPONSE_TIME] < 500', '[BODY].status == UP']);
    expect(result.success).toBe(false);
    expect(result.cause).toBe('condition');
    expect(result.conditions).toEqual([
      { condition: '[STATUS] (503) == 200', success: false },
      { condition: '[RESPONSE_TIME] < 500', success: true },
      { condition: '[BODY].status (DOWN) == UP', success: false },
    ]);
  });

  it('fails an invalid condition as written', () => {
    const result = judge(observation(), ['[STATUS]==200']);
    expect(result).toMatchObject({ success: false, cause: 'condition', conditions: [{ condition: '[STATUS]==200', success: false }] });
  });

  it('passes with no conditions to evaluate and nothing failed', () => {
    expect(judge(observation(), [])).toMatchObject({ success: true, cause: null, conditions: [] });
  });

  interface Case {
    name: string;
    seen: Observation;
    conditions: string[];
    success: boolean;
    cause: FailureCause | null;
    shown: string[];
  }

  const cases: Case[] = [
    // With no response the default condition is not evaluated (it used to pass as 0 < 400); the transport failure decides.
    ...(['dns', 'connect', 'tls', 'timeout', 'http', 'body'] as const).map((cause) => ({
      name: `${cause} failure with the default condition`,
      seen: failedTransport(cause),
      conditions: [DEFAULT_CONDITION],
      success: false,
      cause,
      shown: ['[STATUS] < 400 (not evaluated: no response)'],
    })),
    {
      name: 'a condition on a response that never came is not evaluated, and the transport cause explains it',
      seen: failedTransport('connect'),
      conditions: ['[STATUS] == 200'],
      success: false,
      cause: 'connect',
      shown: ['[STATUS] == 200 (not evaluated: no response)'],
    },
    {
      name: 'port must stay closed and refuse fast: [CONNECTED] and [RESPONSE_TIME] are evaluated without a response',
      seen: failedTransport('connect'),
      conditions: ['[CONNECTED] == false', '[RESPONSE_TIME] < 1000'],
      success: true,
      cause: null,
      shown: ['[CONNECTED] == false', '[RESPONSE_TIME] < 1000'],
    },
    {
      name: 'port must stay closed: [CONNECTED] == false on a refused connection passes',
      seen: failedTransport('connect'),
      conditions: ['[CONNECTED] == false'],
      success: true,
      cause: null,
      shown: ['[CONNECTED] == false'],
    },
    {
      name: 'port must stay closed, but it is open',
      seen: observation(),
      conditions: ['[CONNECTED] == false'],
      success: false,
      cause: 'condition',
      shown: ['[CONNECTED] (true) == false'],
    },
    {
      name: '[CONNECTED] == true on a refused connection fails as connect',
      seen: failedTransport('connect'),
      conditions: ['[CONNECTED] == true'],
      success: false,
      cause: 'connect',
      shown: ['[CONNECTED] (false) == true'],
    },
    {
      name: 'reasoning about [CONNECTED] lets the conditions decide a TLS failure',
      seen: failedTransport('tls', true),
      conditions: ['[CONNECTED] == true'],
      success: true,
      cause: null,
      shown: ['[CONNECTED] == true'],
    },
    {
      name: 'a timeout fails even when every condition passes',
      seen: observation({ cause: 'timeout', error: 'timed out reading the body', timings: { dns: 1, connect: 1, tls: 1, ttfb: 1, total: 10_000 } }),
      conditions: ['[STATUS] == 200', '[RESPONSE_TIME] > 0'],
      success: false,
      cause: 'timeout',
      shown: ['[STATUS] == 200', '[RESPONSE_TIME] > 0'],
    },
    {
      name: 'a body over the cap fails as body even when every condition passes',
      seen: observation({ cause: 'body', error: 'body larger than 1 MiB' }),
      conditions: ['[STATUS] == 200'],
      success: false,
      cause: 'body',
      shown: ['[STATUS] == 200'],
    },
    {
      name: 'blocked fails as blocked although the conditions pass',
      seen: failedTransport('blocked'),
      conditions: [DEFAULT_CONDITION],
      success: false,
      cause: 'blocked',
      shown: ['[STATUS] < 400 (not evaluated: no response)'],
    },
    {
      name: 'blocked fails as blocked even with [CONNECTED] == false',
      seen: failedTransport('blocked'),
      conditions: ['[CONNECTED] == false'],
      success: false,
      cause: 'blocked',
      shown: ['[CONNECTED] == false'],
    },
    {
      name: 'blocked fails as blocked when conditions fail too, and they are still listed',
      seen: failedTransport('blocked'),
      conditions: ['[STATUS] == 200', '[CONNECTED] == true'],
      success: false,
      cause: 'blocked',
      shown: ['[STATUS] == 200 (not evaluated: no response)', '[CONNECTED] (false) == true'],
    },
  ];

  it.each(cases)('$name', ({ seen, conditions, success, cause, shown }) => {
    const result = judge(seen, conditions);
    expect(result.success).toBe(success);
    expect(result.cause).toBe(cause);
    expect(result.conditions.map((c) => c.condition)).toEqual(shown);
    expect(result.error).toBe(seen.error);
  });

  it.each([
    ['a short body whole', 'ok', 'ok'],
    ['a long body cut', 'x'.repeat(BODY_EXCERPT_CHARS + 100), 'x'.repeat(BODY_EXCERPT_CHARS)],
    ['without splitting a surrogate pair', `${'x'.repeat(BODY_EXCERPT_CHARS - 1)}\u{1f600}tail`, 'x'.repeat(BODY_EXCERPT_CHARS - 1)],
  ])('keeps %s as the body excerpt', (_name, body, excerpt) => {
    const result = judge(observation({ body, bodyBytes: body.length }), ['[STATUS] == 200']);
    expect(result.bodyExcerpt).toBe(excerpt);
    expect(result.bodyBytes).toBe(body.length);
  });

  it('judges the whole body, not the excerpt', () => {
    const body = `${' '.repeat(BODY_EXCERPT_CHARS)}{"late": true}`;
    expect(judge(observation({ body }), ['[BODY].late == true']).success).toBe(true);
  });
});
