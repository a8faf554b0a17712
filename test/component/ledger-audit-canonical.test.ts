/**
 * Only the exact signed text is an entry (found by test/fuzz/ledger-audit.test.ts): base64url
 * decoding drops the unused bits of a signature's last character, and jose tolerates
 * whitespace, so other texts of the last entry verified, and an entry's identity is the
 * SHA-256 of its text (the next entry's `prev`, an auditor's head hash).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditIncident, auditLedger } from '../../functions/audit/index.ts';
import { openTestLedger, writeSampleLedger, type TestLedger } from '../helpers/ledger-build.ts';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let ledger: TestLedger;
let entries: { seq: number; jws: string }[];
beforeAll(async () => {
  ledger = await openTestLedger();
  await writeSampleLedger(ledger);
  entries = await ledger.entries();
});
afterAll(async () => {
  await ledger?.close();
});

/** The other last characters that decode to the same signature bytes (a 64-byte signature leaves 4 bits unused). */
function siblings(jws: string): string[] {
  const last = B64URL.indexOf(jws.at(-1)!);
  return [...B64URL].filter((c, i) => i !== last && i >> 4 === last >> 4);
}

describe('the audit takes only the canonical text of an entry', () => {
  it('refuses the head entry with the unused bits of its signature changed', async () => {
    const last = entries.at(-1)!;
    const variants = siblings(last.jws);
    expect(variants).toHaveLength(15);
    for (const c of variants) {
      const report = await auditLedger([...entries.slice(0, -1), { ...last, jws: last.jws.slice(0, -1) + c }], ledger.jwks, { expectHead: last.seq });
      expect(report.problem).toEqual({ seq: last.seq, message: `entry seq ${last.seq}: signature is not canonical base64url` });
    }
  });

  it.each([
    ['a trailing newline', (jws: string) => `${jws}\n`],
    ['a trailing space', (jws: string) => `${jws} `],
    ['padding', (jws: string) => `${jws}=`],
  ])('refuses an entry with %s', async (_what, change) => {
    const last = entries.at(-1)!;
    const report = await auditLedger([...entries.slice(0, -1), { ...last, jws: change(last.jws) }], ledger.jwks);
    expect(report.problem?.message).toBe(`entry seq ${last.seq}: not a compact JWS (three base64url parts, no padding or whitespace)`);
  });

  it('refuses the last entry of an incident changed the same way', async () => {
    const own = entries.filter((e) => e.seq >= 2 && e.seq <= 4);
    const resolved = own.at(-1)!;
    const changed = own.map((e) => (e === resolved ? { ...e, jws: e.jws.slice(0, -1) + siblings(e.jws)[0]! } : e));
    expect(await auditIncident(changed, ledger.jwks, { incidentId: 'inc-1' })).toMatchObject({ valid: false });
  });
});
