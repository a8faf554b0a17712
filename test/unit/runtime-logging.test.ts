/** What `npm start` says on its terminal: readable lines on a TTY, JSON otherwise, and state changes in words. */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/core/alert.ts';
import { logCheckOutcome, loggingNotifier, logVerifyOutcome } from '../../functions/runtime/event-log.ts';
import { jsonLogger, prettyLogger, runtimeLogger, type RuntimeLogger } from '../../functions/runtime/logger.ts';
import { parseRuntimeOptions, type RuntimeOptions } from '../../functions/runtime/options.ts';
import { T0, failingResult, iso, makeMonitor, passingResult } from '../helpers/fixtures.ts';

const AT = new Date('2026-12-04T17:35:02.123Z');

function captured(make: (write: (line: string) => void) => RuntimeLogger): { logger: RuntimeLogger; lines: string[] } {
  const lines: string[] = [];
  return { logger: make((line) => lines.push(line)), lines };
}

describe('prettyLogger', () => {
  it('writes time, the event word and the line of a state change', () => {
    const { logger, lines } = captured((w) => prettyLogger(w, () => AT));
    logger.info('ignored', { event: 'down', line: 'payments: [STATUS] (503) == 200', monitorId: 'm1' });
    expect(lines).toEqual(['17:35:02  DOWN       payments: [STATUS] (503) == 200\n']);
  });

  it('writes other events as the message and name=value fields', () => {
    const { logger, lines } = captured((w) => prettyLogger(w, () => AT));
    logger.warn('webhook failed', { attempt: 2, reason: 'connect ECONNREFUSED' });
    expect(lines).toEqual(['17:35:02  WARN       webhook failed  attempt=2  reason="connect ECONNREFUSED"\n']);
  });
});

describe('runtimeLogger', () => {
  it('is pretty on a terminal and JSON otherwise, unless told', () => {
    expect(runtimeLogger(null, true)).toMatchObject({ info: expect.any(Function) });
    const json = captured(jsonLogger);
    json.logger.info('scheduled checks', { jobs: 4 });
    expect(JSON.parse(json.lines[0]!)).toMatchObject({ level: 'info', message: 'scheduled checks', jobs: 4 });
  });
});

describe('--log-format', () => {
  it('takes pretty or json, and refuses anything else naming the flag', () => {
    expect((parseRuntimeOptions(['--log-format', 'json']) as RuntimeOptions).logFormat).toBe('json');
    expect((parseRuntimeOptions([], { CROSSCHECK_LOG_FORMAT: 'pretty' }) as RuntimeOptions).logFormat).toBe('pretty');
    expect((parseRuntimeOptions([]) as RuntimeOptions).logFormat).toBeNull();
    expect(() => parseRuntimeOptions(['--log-format', 'xml'])).toThrow(expect.objectContaining({ issues: [{ path: '--log-format', message: "'xml' must be pretty or json" }] }));
  });
});

describe('state changes in words', () => {
  const monitor = makeMonitor({ name: 'payments' });

  it('each alert, as it goes out: DOWN with why, RECOVERED', async () => {
    const { logger, lines } = captured((w) => prettyLogger(w, () => AT));
    const sent: Alert[] = [];
    const notifier = loggingNotifier({ send: async (alert: Alert) => void sent.push(alert) }, logger);
    const alert = {
      id: 'down:inc_1',
      kind: 'down',
      time: iso(T0),
      monitor: { id: monitor.id, name: 'payments', url: monitor.url },
      subject: '[CrossCheck] DOWN: payments (HTTP 503) confirmed from local-a and local-b',
      text: 'payments is DOWN since ...\n\nURL: https://secret.example/?token=x',
      incident: { id: 'inc_1', cause: 'condition', openedAt: iso(T0), resolvedAt: null, verification: 'confirmed', ledgerSeq: 3 },
      recipients: { email: [], webhooks: [] },
    } satisfies Alert;
    await notifier.send(alert);
    await notifier.send({ ...alert, id: 'recovered:inc_1', kind: 'recovered', subject: '[CrossCheck] RECOVERED: payments after 4m' });
    expect(sent).toHaveLength(2);
    expect(lines).toEqual([
      '17:35:02  DOWN       payments (HTTP 503) confirmed from local-a and local-b\n',
      '17:35:02  RECOVERED  payments after 4m\n',
    ]);
    expect(lines.join('')).not.toContain('secret.example');
  });

  it('a failure being verified, and a failure another location refuted', () => {
    const { logger, lines } = captured((w) => prettyLogger(w, () => AT));
    const job = { jobId: 'j1', monitor, region: 'local-a', scheduledFor: iso(T0) };
    const result = { ...failingResult('local-a', T0), id: 'r1', monitorId: monitor.id, kind: 'scheduled' as const };
    const state = {
      monitorId: monitor.id, status: 'VERIFYING' as const, version: 3, since: iso(T0), lastCheckAt: iso(T0), failures: { 'local-a': 1 }, successes: 0,
      verification: { id: 'v1', fromRegion: 'local-a', targetRegion: 'local-b', tried: ['local-b'], requestedAt: iso(T0), unavailableSince: null },
      openIncidentId: null, certWarnings: null,
    };
    logCheckOutcome(logger, job, { status: 'checked', result, state, changed: true });
    logCheckOutcome(logger, job, { status: 'checked', result, state, changed: false });
    const request = { verificationId: 'v1', monitor, fromRegion: 'local-a', primary: failingResult('local-a', T0), tried: ['local-b'], requestedAt: iso(T0) };
    const passed = { ...passingResult('local-b', T0), id: 'r2', monitorId: monitor.id, kind: 'verification' as const };
    logVerifyOutcome(logger, request, 'local-b', { outcome: 'refuted', applied: true, result: passed, state: { ...state, status: 'UP', verification: null } });
    logVerifyOutcome(logger, request, 'local-b', { outcome: 'refuted', applied: false, result: passed, state: { ...state, status: 'UP', verification: null } });
    expect(lines).toEqual([
      expect.stringMatching(/^17:35:02 {2}VERIFYING {2}payments: failed in local-a \(.+\); asking local-b to verify\n$/),
      '17:35:02  REFUTED    payments: the failure in local-a was not seen from local-b; a regional anomaly, no incident\n',
    ]);
  });
});
