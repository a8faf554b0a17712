import { generateKeyPairSync, sign } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStores } from '../../functions/adapters/local/index.ts';
import { ValidationError } from '../../functions/core/errors.ts';
import { assembleCompactJws, decodeLedgerJws, ledgerSigningInput, type LedgerPayload } from '../../functions/core/ledger/index.ts';
import { auditIncident } from '../../functions/audit/incident-audit.ts';
import { auditLedger } from '../../functions/audit/ledger-audit.ts';
import { createLedgerWriter } from '../../functions/services/ledger.ts';
import { openTestLedger, writeSampleLedger, type TestLedger } from '../helpers/ledger-build.ts';

let ledger: TestLedger;
let entries: { seq: number; jws: string }[];
beforeEach(async () => {
  ledger = await openTestLedger();
  await writeSampleLedger(ledger);
  entries = await ledger.entries();
});
afterEach(async () => {
  await ledger.close();
});

/** Re-encodes an entry's payload, keeping the original signature. */
function alterPayload(jws: string, change: (payload: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, , signature] = jws.split('.');
  const { payload } = decodeLedgerJws(jws);
  return `${header}.${Buffer.from(JSON.stringify(change(payload))).toString('base64url')}.${signature}`;
}

const without = (list: typeof entries, ...seqs: number[]) => list.filter((e) => !seqs.includes(e.seq));

describe('auditLedger', () => {
  it('accepts the untouched ledger and returns every payload', async () => {
    const report = await auditLedger(entries, ledger.jwks);
    expect(report.problem).toBeNull();
    expect(report.valid).toBe(true);
    expect(report.entries.map((e) => e.payload.type)).toEqual([
      'monitor.created', 'monitor.created', 'incident.opened', 'incident.resolved', 'incident.opened', 'monitor.updated', 'monitor.created',
    ]);
    expect(report.kids).toEqual([ledger.signer.kid]);
    expect(await auditLedger(entries, ledger.jwks, { expectHead: 7 })).toMatchObject({ valid: true });
  });

  it('accepts an empty ledger, unless a head says there should be entries', async () => {
    expect((await auditLedger([], ledger.jwks)).valid).toBe(true);
    expect((await auditLedger([], ledger.jwks, { expectHead: 2 })).problem?.message).toBe(
      'ledger truncated: the head is seq 2 but the entries end at nothing (seq 1..2 missing)',
    );
  });

  const tampers: [string, (list: typeof entries) => typeof entries, number, string][] = [
    [
      'an altered payload (downtime shortened)',
      (list) => list.map((e) => (e.seq === 4 ? { ...e, jws: alterPayload(e.jws, (p) => ({ ...p, resolvedAt: '2026-05-01T01:01:00.000Z' })) } : e)),
      4,
      'entry seq 4: signature does not verify',
    ],
    ['a deleted entry', (list) => without(list, 4), 4, 'seq 4 missing (entries jump from 3 to 5)'],
    ['two deleted entries', (list) => without(list, 4, 5), 4, 'seq 4..5 missing (entries jump from 3 to 6)'],
    ['the first entries deleted', (list) => without(list, 1, 2), 1, 'seq 1..2 missing (the entries start at seq 3)'],
    [
      'swapped entries',
      (list) => list.map((e, i) => (e.seq === 3 ? list[i + 1]! : e.seq === 4 ? list[i - 1]! : e)),
      4,
      'entries out of order: seq 4 comes before seq 3',
    ],
    [
      'swapped entries, renumbered',
      (list) => list.map((e, i) => (e.seq === 3 ? { seq: 3, jws: list[i + 1]!.jws } : e.seq === 4 ? { seq: 4, jws: list[i - 1]!.jws } : e)),
      3,
      'entry seq 3: payload says seq 4',
    ],
    ['a duplicated entry', (list) => [...list.slice(0, 3), list[2]!, ...list.slice(3)], 3, 'entry seq 3 appears again after seq 3'],
    [
      'a broken signature',
      (list) => list.map((e) => (e.seq === 6 ? { ...e, jws: `${e.jws.slice(0, -4)}AAAA` } : e)),
      6,
      'entry seq 6: signature does not verify',
    ],
    ['garbage instead of a JWS', (list) => list.map((e) => (e.seq === 2 ? { ...e, jws: 'not.a.jws' } : e)), 2, 'entry seq 2: not a valid JWS'],
  ];

  it.each(tampers)('catches and names %s', async (_name, tamper, seq, message) => {
    const report = await auditLedger(tamper(entries), ledger.jwks);
    expect(report.valid).toBe(false);
    expect(report.problem?.seq).toBe(seq);
    expect(report.problem?.message).toContain(message);
  });

  it('catches a truncated export when given the head, and names the missing entries', async () => {
    const truncated = entries.slice(0, 5);
    const report = await auditLedger(truncated, ledger.jwks, { expectHead: 7 });
    expect(report).toMatchObject({ valid: false, problem: { seq: 6, message: 'ledger truncated: the head is seq 7 but the entries end at seq 5 (seq 6..7 missing)' } });
    expect(report.entries).toHaveLength(5);
    // Without the head a prefix of a valid ledger is itself a valid ledger: that is why --head exists.
    expect((await auditLedger(truncated, ledger.jwks)).valid).toBe(true);
    expect((await auditLedger(entries, ledger.jwks, { expectHead: 6 })).problem?.message).toBe('entries go past the expected head seq 6 (the last is seq 7)');
  });

  it('catches an entry signed with the same key but spliced in from another history (prev link)', async () => {
    const otherStores = openLocalStores({ path: ':memory:' });
    try {
      const other = createLedgerWriter({ ledger: otherStores.ledger, signer: ledger.signer, clock: { now: () => ledger.clock.now } });
      for (const id of ['x', 'y', 'z']) {
        await other.append({ type: 'monitor.created', key: `monitor.created:${id}`, body: { monitor: { id, name: id }, definitionSha256: 'A'.repeat(43) } });
      }
      const spliced = (await otherStores.ledger.range(2, 1))[0]!;
      const list = entries.map((e) => (e.seq === 3 ? { seq: 3, jws: spliced.jws } : e));
      expect((await auditLedger(list, ledger.jwks)).problem).toEqual({ seq: 3, message: 'entry seq 3: prev does not match SHA-256 of entry 2' });
    } finally {
      otherStores.close();
    }
  });

  it('catches a validly signed entry whose prev does not link to the one before', async () => {
    // Sign with the ledger's own key, as an insider rewriting history would.
    const head = entries[6]!;
    const { payload } = decodeLedgerJws(head.jws);
    const input = ledgerSigningInput(ledger.signer.kid, { ...(payload as LedgerPayload), prev: 'B'.repeat(43) });
    const forged = assembleCompactJws(input, await ledger.signer.sign(Buffer.from(input)));
    const report = await auditLedger([...entries.slice(0, 6), { seq: 7, jws: forged }], ledger.jwks);
    expect(report.problem).toEqual({ seq: 7, message: 'entry seq 7: prev does not match SHA-256 of entry 6' });

    const first = decodeLedgerJws(entries[0]!.jws).payload as LedgerPayload;
    const firstInput = ledgerSigningInput(ledger.signer.kid, { ...first, prev: 'B'.repeat(43) });
    const forgedFirst = assembleCompactJws(firstInput, await ledger.signer.sign(Buffer.from(firstInput)));
    expect((await auditLedger([{ seq: 1, jws: forgedFirst }], ledger.jwks)).problem?.message).toBe('entry seq 1: prev is not the genesis value');
  });

  it('catches entries re-signed with another key, whatever kid they claim', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const foreignKid = await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string; y: string });
    const resign = (kid: string) => {
      const { payload } = decodeLedgerJws(entries[1]!.jws);
      const input = ledgerSigningInput(kid, payload as LedgerPayload);
      return assembleCompactJws(input, sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    };
    const withForeignKid = [entries[0]!, { seq: 2, jws: resign(foreignKid) }];
    expect((await auditLedger(withForeignKid, ledger.jwks)).problem?.message).toBe(`entry seq 2: no key in the JWKS matches kid "${foreignKid}"`);
    const withOurKid = [entries[0]!, { seq: 2, jws: resign(ledger.signer.kid) }];
    expect((await auditLedger(withOurKid, ledger.jwks)).problem?.message).toBe('entry seq 2: signature does not verify');
  });

  it('refuses a JWKS that is not one', async () => {
    await expect(auditLedger(entries, { keys: 'nope' } as never)).rejects.toThrow(ValidationError);
  });
});

describe('auditIncident', () => {
  const context = (list: typeof entries, ...seqs: number[]) => list.filter((e) => seqs.includes(e.seq));

  it('passes an incident with its entries, their predecessors and its evidence', async () => {
    const evidenceSha = (await ledger.stores.ledger.byKey('incident.opened:inc-1'))!.evidenceSha256!;
    const evidence = { [evidenceSha]: await ledger.stores.ledger.evidence(evidenceSha) };
    const report = await auditIncident(context(entries, 2, 3, 4), ledger.jwks, { incidentId: 'inc-1', evidence });
    expect(report.checks).toEqual([
      { name: 'incident.opened', ok: true, detail: 'seq 3 opens incident inc-1' },
      { name: 'signature (seq 3)', ok: true, detail: `ES256 signature verifies with kid ${ledger.signer.kid}` },
      { name: 'chain (seq 3)', ok: true, detail: 'prev is the SHA-256 of entry 2' },
      { name: 'evidence (seq 3)', ok: true, detail: 'the evidence document matches its SHA-256 in the entry' },
      { name: 'signature (seq 4)', ok: true, detail: `ES256 signature verifies with kid ${ledger.signer.kid}` },
      { name: 'chain (seq 4)', ok: true, detail: 'prev is the SHA-256 of entry 3' },
      { name: 'incident.resolved', ok: true, detail: 'seq 4 resolves incident inc-1' },
    ]);
    expect(report.valid).toBe(true);
  });

  it('fails on altered evidence, a forged entry or a missing opened entry', async () => {
    const evidenceSha = (await ledger.stores.ledger.byKey('incident.opened:inc-1'))!.evidenceSha256!;
    const altered = await auditIncident(context(entries, 3), ledger.jwks, { evidence: { [evidenceSha]: '{"tampered":true}' } });
    expect(altered.valid).toBe(false);
    expect(altered.checks).toContainEqual({ name: 'evidence (seq 3)', ok: false, detail: 'the evidence document does not match its SHA-256 in the entry' });

    const forged = context(entries, 3, 4).map((e) => (e.seq === 4 ? { ...e, jws: alterPayload(e.jws, (p) => ({ ...p, resolvedAt: '2026-05-01T01:00:01.000Z' })) } : e));
    const report = await auditIncident(forged, ledger.jwks, { incidentId: 'inc-1' });
    expect(report.valid).toBe(false);
    expect(report.checks).toContainEqual({ name: 'signature (seq 4)', ok: false, detail: 'signature does not verify' });

    const missing = await auditIncident(context(entries, 4), ledger.jwks, { incidentId: 'inc-1' });
    expect(missing.checks).toContainEqual({ name: 'incident.opened', ok: false, detail: 'no incident.opened entry for incident inc-1' });
    expect(missing.valid).toBe(false);
  });
});
