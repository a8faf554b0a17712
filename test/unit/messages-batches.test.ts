/** The messages that carry many items: a wave of check jobs, and an invocation's rollup deltas. */
import { describe, expect, it } from 'vitest';
import type { CheckJob } from '../../functions/core/jobs.ts';
import { CheckJobMessageSchema, MAX_JOBS_PER_MESSAGE, RollupBatchSchema, jobsOf, parseMessageBody } from '../../functions/core/messages.ts';
import { T0, iso, makeMonitor } from '../helpers/fixtures.ts';
import { issuesOf } from '../helpers/validation.ts';

const job = (id: string): CheckJob => ({ jobId: id, monitor: makeMonitor({ id: `m-${id}` }), region: 'eu-west-1', scheduledFor: iso(T0) });
const rollup = { monitorId: 'm1', region: 'eu-west-1', hour: T0, checks: 3, failures: 1, anomalies: 0, latencySumMs: 120.5, histogram: { '12': 2, '30': 1 } };

describe('check job messages', () => {
  it('take a wave of jobs, or a single job, and give the jobs back', () => {
    const wave = parseMessageBody(CheckJobMessageSchema, JSON.stringify({ jobs: [job('a'), job('b')] }), 'check_job');
    expect(jobsOf(wave)).toEqual([job('a'), job('b')]);
    expect(jobsOf(parseMessageBody(CheckJobMessageSchema, JSON.stringify(job('c')), 'check_job'))).toEqual([job('c')]);
  });

  it.each<[string, unknown]>([
    ['an empty wave', { jobs: [] }],
    ['a wave that is too large', { jobs: Array.from({ length: MAX_JOBS_PER_MESSAGE + 1 }, (_, i) => job(`j${i}`)) }],
    ['a wave with a broken job', { jobs: [job('a'), { ...job('b'), region: 'Not A Region' }] }],
    ['a wave with extra fields', { jobs: [job('a')], extra: true }],
    ['something else', { hello: 'world' }],
  ])('refuse %s', (_name, value) => {
    expect(issuesOf(() => parseMessageBody(CheckJobMessageSchema, JSON.stringify(value), 'check_job')).length).toBeGreaterThan(0);
  });
});

describe('rollup messages', () => {
  it('survive the JSON round trip', () => {
    expect(parseMessageBody(RollupBatchSchema, JSON.stringify({ rollups: [rollup] }), 'rollups')).toEqual({ rollups: [rollup] });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an hour that is not the start of an hour', { hour: T0 + 1 }, 'rollups.rollups[0].hour'],
    ['a negative count', { checks: -1 }, 'rollups.rollups[0].checks'],
    ['a fractional count', { failures: 0.5 }, 'rollups.rollups[0].failures'],
    ['a histogram bucket that is not an index', { histogram: { p50: 1 } }, 'rollups.rollups[0].histogram'],
    ['an unknown field', { extra: 1 }, 'rollups.rollups[0]'],
  ])('refuse %s, naming the field', (_name, change, path) => {
    const issues = issuesOf(() => parseMessageBody(RollupBatchSchema, JSON.stringify({ rollups: [{ ...rollup, ...change }] }), 'rollups'));
    expect(issues.some((issue) => issue.startsWith(path))).toBe(true);
  });

  it('refuse an empty set', () => {
    expect(issuesOf(() => parseMessageBody(RollupBatchSchema, '{"rollups":[]}', 'rollups'))).toHaveLength(1);
  });
});
