/**
 * Properties of the SSRF guard's address classifier (vetAddress, addressRefusal):
 * - every IPv4 address of 169.254.0.0/16, embedded in IPv6 in every transition form
 *   (IPv4-mapped, IPv4-compatible, NAT64, NAT64 local-use in each layout, 6to4, Teredo)
 *   and written in any notation (zero runs compressed anywhere, groups padded with zeros,
 *   upper or lower case, the last 32 bits as a dotted quad, a zone id), is refused as
 *   under every policy (as link-local or metadata, or as another never-probed range when
 *   a local-use NAT64 address also reads as one in another layout: any reading refused
 *   refuses the address). test/unit/address-policy.test.ts walks
 *   every address in one notation per form; this walks the notations;
 * - the verdict does not depend on the notation: any IPv6 address written two ways, or
 *   as the WHATWG URL parser normalizes a bracketed host, is judged the same.
 */
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressRefusal, CLOUD_POLICY, LOCAL_POLICY, vetAddress, type AddressPolicy } from '../../functions/engine/address-policy.ts';
import { embeddedIpv4s, stripBrackets, withoutZone } from '../../functions/engine/ip-address.ts';
import { FUZZ_TEST_TIMEOUT_MS, fuzzParameters } from './settings.ts';

const POLICIES: readonly AddressPolicy[] = [
  LOCAL_POLICY,
  CLOUD_POLICY,
  // An operator who allows "everything" they can: link-local and metadata stay refused.
  { allowPrivate: true, allowedRanges: ['169.254.0.0/16', 'fe80::/10', '0.0.0.0/0', '::/0'] },
];

type Groups = readonly number[];

/** How to write an address: per-group padding and case, which zero run becomes `::`, a dotted tail, a zone. */
interface Notation {
  readonly pad: readonly number[];
  readonly upper: readonly boolean[];
  /** Index into the zero runs of the address (modulo their number); null: no `::`. */
  readonly compress: number | null;
  /** Shrink the chosen run to this many groups at most (a run of one may be compressed too). */
  readonly compressLength: number;
  readonly dottedTail: boolean;
  readonly zone: string | null;
}

const notation: fc.Arbitrary<Notation> = fc.record({
  pad: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 8, maxLength: 8 }),
  upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  compress: fc.option(fc.nat({ max: 7 }), { nil: null }),
  compressLength: fc.integer({ min: 1, max: 8 }),
  dottedTail: fc.boolean(),
  zone: fc.option(fc.stringMatching(/^[A-Za-z0-9.:-]{1,10}$/), { nil: null }),
});

/** The runs of zero groups, as [start, length]. */
function zeroRuns(groups: Groups): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < groups.length; i++) {
    if (groups[i] !== 0) continue;
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    runs.push([i, j - i]);
    i = j;
  }
  return runs;
}

function write(groups: Groups, how: Notation): string {
  const tailGroups = how.dottedTail ? 6 : 8;
  const parts = groups.slice(0, tailGroups).map((g, i) => {
    const hex = g.toString(16).padStart(how.pad[i] ?? 0, '0');
    return how.upper[i] ? hex.toUpperCase() : hex;
  });
  const tail = how.dottedTail ? [`${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`] : [];
  const runs = zeroRuns(groups).filter(([start]) => start < tailGroups);
  let text: string;
  if (how.compress === null || runs.length === 0) {
    text = [...parts, ...tail].join(':');
  } else {
    const [start, fullLength] = runs[how.compress % runs.length]!;
    const length = Math.min(fullLength, how.compressLength, tailGroups - start);
    text = `${parts.slice(0, start).join(':')}::${[...parts.slice(start + length), ...tail].join(':')}`;
  }
  return how.zone === null ? text : `${text}%${how.zone}`;
}

const group = fc.integer({ min: 0, max: 0xffff });
const linkLocal = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }));

/** The eight groups of an IPv6 address embedding 169.254.c.d, in each transition form. */
function embeddingsOf(c: number, d: number): fc.Arbitrary<{ kind: string; groups: Groups }> {
  const low = (c << 8) | d;
  return fc.oneof(
    fc.constant({ kind: 'IPv4-mapped', groups: [0, 0, 0, 0, 0, 0xffff, 0xa9fe, low] }),
    fc.constant({ kind: 'IPv4-compatible', groups: [0, 0, 0, 0, 0, 0, 0xa9fe, low] }),
    fc.constant({ kind: 'NAT64', groups: [0x64, 0xff9b, 0, 0, 0, 0, 0xa9fe, low] }),
    fc.constant({ kind: 'NAT64 local-use /96', groups: [0x64, 0xff9b, 1, 0, 0, 0, 0xa9fe, low] }),
    // /64: bits 72-103 (the u octet, bits 64-71, is zero), then a zero suffix.
    fc.constant({ kind: 'NAT64 local-use /64', groups: [0x64, 0xff9b, 1, 0, 0xa9, (0xfe << 8) | c, d << 8, 0] }),
    // /56: bits 56-63, then 72-95; bits 48-55 are the operator's.
    group.map((g3) => ({ kind: 'NAT64 local-use /56', groups: [0x64, 0xff9b, 1, (g3 & 0xff00) | 0xa9, 0xfe, low, 0, 0] })),
    // /48: bits 48-63, then 72-87.
    fc.constant({ kind: 'NAT64 local-use /48', groups: [0x64, 0xff9b, 1, 0xa9fe, c, d << 8, 0, 0] }),
    fc.array(group, { minLength: 5, maxLength: 5 }).map((rest) => ({ kind: '6to4', groups: [0x2002, 0xa9fe, low, ...rest] })),
    fc.array(group, { minLength: 4, maxLength: 4 }).map((rest) => ({ kind: 'Teredo', groups: [0x2001, 0, ...rest, 0xa9fe ^ 0xffff, low ^ 0xffff] })),
  );
}

const embedding: fc.Arbitrary<{ kind: string; ipv4: string; groups: Groups }> = linkLocal.chain(([c, d]) =>
  embeddingsOf(c, d).map((form) => ({ ...form, ipv4: `169.254.${c}.${d}` })),
);

const NEVER_PROBED = /^(?:cloud_metadata|link_local|unspecified|multicast|reserved)_address$/;

describe('169.254.0.0/16 in IPv6, in any notation', () => {
  it(
    'is refused under every policy, as a range that is never probed',
    () => {
      fc.assert(
        fc.property(embedding, notation, ({ kind, ipv4, groups }, how) => {
          const address = write(groups, how);
          expect(isIP(address), `${kind}: ${address} should be an IPv6 address`).toBe(6);
          expect(embeddedIpv4s(withoutZone(address)).map((e) => e.ipv4), `${kind}: ${address}`).toContain(ipv4);
          for (const policy of POLICIES) {
            const verdict = vetAddress(address, policy);
            expect(verdict.allowed, `${kind} ${address} under ${JSON.stringify(policy)}`).toBe(false);
            expect(addressRefusal(address, policy)?.code).toMatch(NEVER_PROBED);
          }
        }),
        fuzzParameters({ runs: 3_000, offset: 31 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'is refused as a URL host too, as the URL parser normalizes it',
    () => {
      fc.assert(
        fc.property(embedding, notation, ({ groups }, how) => {
          const host = new URL(`http://[${write(groups, { ...how, zone: null })}]:8080/`).hostname;
          expect(vetAddress(stripBrackets(host), LOCAL_POLICY).allowed, host).toBe(false);
        }),
        fuzzParameters({ runs: 1_000, offset: 32 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});

describe('any IPv6 address', () => {
  /** Random addresses, biased to the interesting prefixes (transition forms, link-local, ULA, loopback, metadata). */
  const address: fc.Arbitrary<Groups> = fc.oneof(
    fc.array(group, { minLength: 8, maxLength: 8 }),
    fc.tuple(fc.constantFrom<Groups>([0, 0, 0, 0, 0, 0xffff], [0, 0, 0, 0, 0, 0], [0x64, 0xff9b, 0, 0, 0, 0], [0x64, 0xff9b, 1, 0, 0, 0], [0xfe80, 0, 0, 0, 0, 0], [0xfd00, 0xec2, 0, 0, 0, 0], [0xfc00, 0, 0, 0, 0, 0]), group, group).map(([prefix, a, b]) => [...prefix, a, b]),
    fc.tuple(fc.constantFrom(0x2002, 0x2001), fc.array(group, { minLength: 7, maxLength: 7 })).map(([first, rest]) => [first, ...(first === 0x2001 ? [0, ...rest.slice(1)] : rest)]),
    fc.constantFrom<Groups>([0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1], [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254]),
  );

  it(
    'is judged the same whichever way it is written',
    () => {
      fc.assert(
        fc.property(address, notation, notation, (groups, first, second) => {
          const a = write(groups, first);
          const b = write(groups, second);
          expect(isIP(a)).toBe(6);
          expect(isIP(b)).toBe(6);
          for (const policy of POLICIES) {
            expect(addressRefusal(b, policy)?.code ?? null, `${a} / ${b}`).toBe(addressRefusal(a, policy)?.code ?? null);
          }
          const normalized = stripBrackets(new URL(`http://[${write(groups, { ...first, zone: null })}]/`).hostname);
          expect(addressRefusal(normalized, CLOUD_POLICY)?.code ?? null, normalized).toBe(addressRefusal(a, CLOUD_POLICY)?.code ?? null);
        }),
        fuzzParameters({ runs: 3_000, offset: 33 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});
