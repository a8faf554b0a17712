/**
 * Property: no mutation of a valid ledger export verifies. The export is the sample
 * ledger (seven entries, two incidents) as the API serves it; the auditor knows the
 * JWKS and the head seq the API reported. Mutations: a changed character anywhere in an
 * entry, entries reordered, dropped, duplicated, seqs rewritten, payloads changed under
 * the old signature, entries re-signed with another key (one, or all of them with the
 * chain recomputed), and several of these at once.
 */
import { CompactSign, decodeProtectedHeader, generateKeyPair, type CryptoKey } from 'jose';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditIncident, auditLedger } from '../../functions/audit/index.ts';
import { decodeLedgerJws, prevOf } from '../../functions/core/ledger/index.ts';
import { openTestLedger, writeSampleLedger, type TestLedger } from '../helpers/ledger-build.ts';
import { FUZZ_TEST_TIMEOUT_MS, fuzzParameters } from './settings.ts';

type Entry = { readonly seq: number; readonly jws: string };

let ledger: TestLedger;
let entries: readonly Entry[];
let head: number;
let attacker: CryptoKey;

beforeAll(async () => {
  ledger = await openTestLedger();
  await writeSampleLedger(ledger);
  entries = await ledger.entries();
  head = entries.at(-1)!.seq;
  attacker = (await generateKeyPair('ES256')).privateKey;
}, FUZZ_TEST_TIMEOUT_MS);
afterAll(async () => {
  await ledger?.close();
});

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

async function resign(jws: string, change: (payload: Record<string, unknown>) => Record<string, unknown>, kid?: string): Promise<string> {
  const header = decodeProtectedHeader(jws);
  const { payload } = decodeLedgerJws(jws);
  const bytes = new TextEncoder().encode(JSON.stringify(change(payload)));
  return new CompactSign(bytes).setProtectedHeader({ ...header, alg: 'ES256', ...(kid === undefined ? {} : { kid }) } as never).sign(attacker);
}

/** One mutation of the export; each changes it (no-ops are ruled out by construction). */
type Mutation = (list: Entry[]) => Promise<Entry[]> | Entry[];

const index = fc.nat();
const at = (list: readonly unknown[], i: number): number => i % list.length;

/**
 * A character position in a JWS: anywhere, or (where encodings have slack) among the last
 * characters of one of its three parts: a segment's last base64url character may carry
 * bits that decoding drops.
 */
const position = fc.oneof(
  fc.nat().map((n) => (jws: string) => n % jws.length),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat({ max: 2 })).map(([part, back]) => (jws: string) => {
    const ends = [jws.indexOf('.'), jws.lastIndexOf('.'), jws.length];
    return Math.max(0, ends[part]! - 1 - back);
  }),
);

const mutation: fc.Arbitrary<{ name: string; apply: Mutation }> = fc.oneof(
  // A character of an entry's JWS replaced by another (base64url, a separator, padding, whitespace).
  fc.tuple(index, position, fc.constantFrom(...B64URL, '.', '=', ' ', '\n', '+', '/')).map(([i, where, c]) => ({
    name: `a char of entry #${i} -> ${JSON.stringify(c)}`,
    apply: (list: Entry[]) => {
      const k = at(list, i);
      const jws = list[k]!.jws;
      const p = where(jws);
      const replacement = jws[p] === c ? (c === 'A' ? 'B' : 'A') : c;
      return list.map((e, n) => (n === k ? { ...e, jws: jws.slice(0, p) + replacement + jws.slice(p + 1) } : e));
    },
  })),
  // A character inserted or deleted.
  fc.tuple(index, index, fc.boolean()).map(([i, j, insert]) => ({
    name: `${insert ? 'insert at' : 'delete'} char ${j} of entry #${i}`,
    apply: (list: Entry[]) => {
      const k = at(list, i);
      const jws = list[k]!.jws;
      const p = j % jws.length;
      return list.map((e, n) => (n === k ? { ...e, jws: insert ? jws.slice(0, p) + 'A' + jws.slice(p) : jws.slice(0, p) + jws.slice(p + 1) } : e));
    },
  })),
  // Two entries swapped (whole, or their JWS under the original seqs).
  fc.tuple(index, index, fc.boolean()).map(([i, j, whole]) => ({
    name: `swap #${i} and #${j}${whole ? '' : ' (JWS only)'}`,
    apply: (list: Entry[]) => {
      const a = at(list, i);
      let b = at(list, j);
      if (a === b) b = (a + 1) % list.length;
      const out = [...list];
      if (whole) [out[a], out[b]] = [out[b]!, out[a]!];
      else [out[a], out[b]] = [{ ...out[a]!, jws: list[b]!.jws }, { ...out[b]!, jws: list[a]!.jws }];
      return out;
    },
  })),
  fc.nat().map((i) => ({ name: `drop #${i}`, apply: (list: Entry[]) => list.filter((_, n) => n !== at(list, i)) })),
  fc.tuple(index, index).map(([i, j]) => ({
    name: `duplicate #${i} at ${j}`,
    apply: (list: Entry[]) => {
      const copy = list[at(list, i)]!;
      const p = j % (list.length + 1);
      return [...list.slice(0, p), copy, ...list.slice(p)];
    },
  })),
  fc.tuple(index, fc.integer({ min: -2, max: 20 })).map(([i, seq]) => ({
    name: `seq of #${i} -> ${seq}`,
    apply: (list: Entry[]) => list.map((e, n) => (n === at(list, i) ? { ...e, seq: seq === e.seq ? seq + 1 : seq } : e)),
  })),
  // The payload changed, the old signature kept.
  fc.tuple(index, fc.constantFrom('time', 'type', 'name', 'extra')).map(([i, what]) => ({
    name: `payload ${what} of #${i} changed under its signature`,
    apply: (list: Entry[]) =>
      list.map((e, n) => {
        if (n !== at(list, i)) return e;
        const [header, , signature] = e.jws.split('.');
        const { payload } = decodeLedgerJws(e.jws);
        const changed =
          what === 'time' ? { ...payload, time: '2020-01-01T00:00:00.000Z' }
          : what === 'type' ? { ...payload, type: payload['type'] === 'monitor.created' ? 'monitor.updated' : 'monitor.created' }
          : what === 'name' ? { ...payload, monitor: { ...(payload['monitor'] as object), name: 'forged' } }
          : { ...payload, forged: true };
        return { ...e, jws: `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}` };
      }),
  })),
  // One entry re-signed with another key: as it was, or changed; under the real kid or another.
  fc.tuple(index, fc.boolean(), fc.boolean()).map(([i, change, sameKid]) => ({
    name: `#${i} re-signed with another key${change ? ', changed' : ''}${sameKid ? '' : ', another kid'}`,
    apply: async (list: Entry[]) => {
      const k = at(list, i);
      const jws = await resign(list[k]!.jws, (p) => (change ? { ...p, time: '2020-01-01T00:00:00.000Z' } : p), sameKid ? undefined : 'attacker');
      return list.map((e, n) => (n === k ? { ...e, jws } : e));
    },
  })),
  // The whole ledger re-signed with another key under the real kid, the chain recomputed: internally consistent.
  fc.nat().map((i) => ({
    name: `all re-signed from #${i} with the chain recomputed`,
    apply: async (list: Entry[]) => {
      const from = at(list, i);
      const out = list.slice(0, from);
      for (const e of list.slice(from)) {
        const prev = out.length === 0 ? undefined : prevOf(out.at(-1)!.jws);
        out.push({ ...e, jws: await resign(e.jws, (p) => (prev === undefined ? p : { ...p, prev })) });
      }
      return out;
    },
  })),
);

describe('the ledger audit', () => {
  it('verifies the untouched export', async () => {
    expect(await auditLedger(entries, ledger.jwks, { expectHead: head })).toMatchObject({ valid: true, problem: null });
  });

  it(
    'verifies no mutated export, one mutation or several',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
          let list: Entry[] = [...entries];
          for (const m of mutations) {
            // A mutation that decodes an entry cannot apply to one an earlier mutation broke: it is skipped.
            try {
              list = await m.apply(list);
            } catch {
              // skipped
            }
          }
          // Several mutations may undo each other (swap twice); only a changed export must fail.
          fc.pre(JSON.stringify(list) !== JSON.stringify(entries));
          const report = await auditLedger(list, ledger.jwks, { expectHead: head });
          expect(report.valid, `${mutations.map((m) => m.name).join('; ')} verified`).toBe(false);
        }),
        fuzzParameters({ runs: 1_500, timeMs: 5_000, offset: 51 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'verifies no export with one character of one entry changed',
    async () => {
      await fc.assert(
        fc.asyncProperty(index, position, fc.constantFrom(...B64URL, '.', '=', ' ', '\n'), async (i, where, c) => {
          const k = at(entries, i);
          const list = entries.map((e, n) => {
            if (n !== k) return e;
            const p = where(e.jws);
            return { ...e, jws: e.jws.slice(0, p) + (e.jws[p] === c ? (c === 'A' ? 'B' : 'A') : c) + e.jws.slice(p + 1) };
          });
          const report = await auditLedger(list, ledger.jwks, { expectHead: head });
          expect(report.valid, `a char of entry #${k} -> ${JSON.stringify(c)}`).toBe(false);
        }),
        fuzzParameters({ runs: 1_000, timeMs: 4_000, offset: 53 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'verifies no incident whose entries were changed by a character',
    async () => {
      // Incident inc-1: entries 3 (opened) and 4 (resolved), with entry 2 as the chain's context.
      const own = entries.filter((e) => e.seq >= 2 && e.seq <= 4);
      expect(await auditIncident(own, ledger.jwks, { incidentId: 'inc-1' })).toMatchObject({ valid: true });
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(3, 4), position, fc.constantFrom(...B64URL, '.', '=', ' '), async (seq, where, c) => {
          const mutated = own.map((e) => {
            if (e.seq !== seq) return e;
            const p = where(e.jws);
            const replacement = e.jws[p] === c ? (c === 'A' ? 'B' : 'A') : c;
            return { ...e, jws: e.jws.slice(0, p) + replacement + e.jws.slice(p + 1) };
          });
          const report = await auditIncident(mutated, ledger.jwks, { incidentId: 'inc-1' });
          expect(report.valid, `a char of seq ${seq} -> ${JSON.stringify(c)}`).toBe(false);
        }),
        fuzzParameters({ runs: 800, timeMs: 4_000, offset: 52 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});
