/**
 * Results and ledger entries made before failures had codes: stored results without
 * `errorCode`/`errorUrl` still parse (queue messages, the API's schema) and summarize
 * to their cause alone, never to their free text; entries signed in the old format
 * (the engine's error text, URL paths) still verify beside new ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoredResultSchema } from '../../functions/api/schemas/results.ts';
import { auditIncident, auditLedger } from '../../functions/audit/index.ts';
import { CheckResultSchema } from '../../functions/core/check-result.ts';
import { incidentOpenedBody, summarizeResult } from '../../functions/core/ledger/index.ts';
import { checkResult, failure, ledgerIncident, ledgerMonitor, storedResult } from '../helpers/fixtures.ts';
import { openTestLedger, type TestLedger } from '../helpers/ledger-build.ts';

const OLD_ERROR = 'connect ECONNREFUSED 10.0.0.5:443 while fetching https://shop.test/health?token=secret';

describe('results stored before failures had codes', () => {
  const old = checkResult({ ...failure('connect'), error: OLD_ERROR });

  it('parse as they are', () => {
    expect(old).not.toHaveProperty('errorCode');
    expect(CheckResultSchema.parse(old)).toEqual(old);
    const stored = storedResult('r1', 'm1', Date.parse('2026-01-01T00:00:00Z'), { ...failure('connect'), error: OLD_ERROR });
    expect(StoredResultSchema.parse(stored)).toEqual(stored);
  });

  it('summarize to their cause alone', () => {
    expect(summarizeResult(old).error).toBe('connect');
  });
});

describe('a ledger with entries in the old format and the new', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await openTestLedger();
    const monitor = ledgerMonitor({ url: 'https://example.test/health?token=secret' });
    // As the writer signed incident.opened before: the URL with its path, the error text reduced by pattern.
    const { body, evidence } = incidentOpenedBody(ledgerIncident({ id: 'inc-old' }), monitor);
    const oldBody = {
      ...body,
      monitor: { ...body.monitor, url: 'https://example.test/health' },
      primary: { ...body.primary, result: { ...body.primary.result, cause: 'connect', error: 'connect ECONNREFUSED [address]:443' } },
    };
    await ledger.writer.append({ type: 'incident.opened', key: 'incident.opened:inc-old', body: oldBody, evidence });
    ledger.clock.now += 60_000;
    const current = incidentOpenedBody(ledgerIncident({ id: 'inc-new' }), monitor);
    await ledger.writer.append({ type: 'incident.opened', key: 'incident.opened:inc-new', ...current });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('verifies whole, and each incident on its own', async () => {
    const entries = await ledger.entries();
    expect(entries).toHaveLength(2);
    expect(await auditLedger(entries, ledger.jwks, { expectHead: 2 })).toMatchObject({ valid: true, problem: null });
    expect(await auditIncident(entries, ledger.jwks, { incidentId: 'inc-old' })).toMatchObject({ valid: true });
    expect(await auditIncident(entries, ledger.jwks, { incidentId: 'inc-new' })).toMatchObject({ valid: true });
  });
});
