import { describe, expect, it } from 'vitest';
import type { CheckJob, VerifyRequest } from '../../functions/core/jobs.ts';
import { CheckJobSchema, CheckResultSchema, ProbeRequestSchema, VerifyRequestSchema, parseMessageBody, probeRequestOf } from '../../functions/core/messages.ts';
import { T0, failingResult, iso, makeMonitor, passingResult, tlsFacts } from '../helpers/fixtures.ts';
import { issuesOf } from '../helpers/validation.ts';

const job: CheckJob = { jobId: 'job-1', monitor: makeMonitor(), region: 'eu-west-1', scheduledFor: iso(T0) };
const request: VerifyRequest = {
  verificationId: 'ver-1',
  monitor: makeMonitor(),
  fromRegion: 'eu-west-1',
  primary: failingResult('eu-west-1', T0),
  tried: [],
  requestedAt: iso(T0),
};

describe('queue messages', () => {
  it('a check job survives the JSON round trip unchanged', () => {
    expect(parseMessageBody(CheckJobSchema, JSON.stringify(job), 'body')).toEqual(job);
  });

  it('a verification request survives the JSON round trip unchanged, TLS facts included', () => {
    const withTls = { ...request, primary: passingResult('eu-west-1', T0, { tls: tlsFacts(20), success: false, cause: 'tls' }) };
    expect(parseMessageBody(VerifyRequestSchema, JSON.stringify(withTls), 'body')).toEqual(withTls);
  });

  it('keeps result fields it does not know (evidence is never dropped)', () => {
    const primary = { ...passingResult('us-east-1', T0), extra: { note: 'from a newer probe' } };
    expect(CheckResultSchema.parse(primary)).toEqual(primary);
  });

  it.each([
    ['not JSON', '{"jobId":', ['body: is not JSON']],
    ['no monitor', JSON.stringify({ ...job, monitor: undefined }), ['body.monitor: Invalid input: expected object, received undefined']],
    ['a bad scheduledFor', JSON.stringify({ ...job, scheduledFor: 'soon' }), ['body.scheduledFor: Invalid ISO datetime']],
    ['an unknown field', JSON.stringify({ ...job, priority: 1 }), ['body: Unrecognized key: "priority"']],
    ['a monitor with a bad url', JSON.stringify({ ...job, monitor: makeMonitor({ url: 'ftp://x' }) }), ['body.monitor.url: scheme ftp is not supported; use http or https']],
  ])('a check job with %s is a ValidationError naming the field', (_name, body, expected) => {
    expect(issuesOf(() => parseMessageBody(CheckJobSchema, body, 'body'))).toEqual(expected);
  });

  it('a verification request whose primary result has an unknown failure cause is refused', () => {
    const body = JSON.stringify({ ...request, primary: { ...request.primary, cause: 'gremlins' } });
    expect(issuesOf(() => parseMessageBody(VerifyRequestSchema, body, 'body'))[0]).toMatch(/^body\.primary\.cause: /);
  });

  it('a probe request for a stored monitor carries its definition only, and parses back to it', () => {
    const monitor = makeMonitor({ body: undefined });
    const request = probeRequestOf(monitor);
    expect(Object.keys(request.monitor)).not.toContain('id');
    expect(Object.keys(request.monitor)).not.toContain('createdAt');
    const { id: _id, createdAt: _c, updatedAt: _u, ...definition } = monitor;
    expect(ProbeRequestSchema.parse(JSON.parse(JSON.stringify(request)))).toEqual({ monitor: definition });
  });

  it('a probe request carries a definition and fills its defaults', () => {
    const parsed = ProbeRequestSchema.parse({ monitor: { name: 'Shop', url: 'https://shop.example.test/' } });
    expect(parsed.monitor).toMatchObject({ method: 'GET', timeoutMs: 10_000, conditions: [] });
  });
});
