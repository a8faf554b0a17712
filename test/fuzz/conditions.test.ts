/**
 * Properties of the condition language:
 * - parseCondition, given any text, returns a condition or throws InvalidConditionError,
 *   nothing else; conditionIssue never throws;
 * - a condition written from the grammar (placeholders in any case, [BODY] paths, len(),
 *   has(), pat(), any(), literals; every operator) parses into exactly the parts it was
 *   written from;
 * - a valid condition round-trips: its parts written back as `left op right` parse into
 *   the same parts, and judge any observation the same way;
 * - evaluateCondition never throws, whatever the condition and the observation
 *   (checks never throw: a condition that cannot be evaluated fails).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../functions/core/check-result.ts';
import { conditionIssue, evaluateCondition, InvalidConditionError, OPERATORS, parseCondition, type Operand, type Operator } from '../../functions/core/conditions/index.ts';
import { FUZZ_TEST_TIMEOUT_MS, fuzzParameters, nastyString } from './settings.ts';

// ---- the grammar ------------------------------------------------------------------------

/** `[STATUS]`, `[status]`, `[Body]`: names are case-insensitive. */
const casing = (name: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/);
const bodyPath: fc.Arbitrary<string> = fc
  .array(fc.oneof(key.map((k) => `.${k}`), fc.nat({ max: 20 }).map((n) => `[${n}]`)), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''));

const placeholder: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('STATUS', 'IP', 'RESPONSE_TIME', 'BODY', 'CONNECTED', 'CERTIFICATE_EXPIRATION').chain(casing).map((name) => `[${name}]`),
  fc.tuple(casing('BODY'), bodyPath).map(([name, path]) => `[${name}]${path}`),
);

/** Plain text: no spaced operator, no function or placeholder prefix, nothing to trim. */
const literal: fc.Arbitrary<string> = fc
  .stringMatching(/^[A-Za-z0-9_.:\/+%-]{1,12}(?:[ =<>!][A-Za-z0-9_.:\/+%-]{1,8}){0,2}$/)
  .filter((text) => !OPERATORS.some((op) => text.includes(` ${op} `)) && !/^(?:len|has|pat|any)\(/.test(text));

const globText = fc.stringMatching(/^[A-Za-z0-9*?._-]{0,12}$/);

interface Side {
  readonly text: string;
  readonly kind: Operand['kind'];
}

const equalitySide: fc.Arbitrary<Side> = fc.oneof(
  placeholder.map((text) => ({ text, kind: 'placeholder' as const })),
  placeholder.map((text) => ({ text: `len(${text})`, kind: 'len' as const })),
  placeholder.map((text) => ({ text: `has(${text})`, kind: 'has' as const })),
  globText.map((text) => ({ text: `pat(${text})`, kind: 'pat' as const })),
  fc.array(fc.oneof(literal, fc.constant('')), { minLength: 1, maxLength: 4 }).map((options) => ({ text: `any(${options.join(', ')})`, kind: 'any' as const })),
  literal.map((text) => ({ text, kind: 'literal' as const })),
);

/** pat() and any() only compare with == and !=. */
const orderingSide = equalitySide.filter((side) => side.kind !== 'pat' && side.kind !== 'any');

const written: fc.Arbitrary<{ text: string; operator: Operator; left: Side; right: Side }> = fc
  .constantFrom(...OPERATORS)
  .chain((operator) => {
    const side = operator === '==' || operator === '!=' ? equalitySide : orderingSide;
    return fc.record({ operator: fc.constant(operator), left: side, right: side });
  })
  // A literal side with an operator of higher precedence in it would be split there instead.
  .filter(({ operator, left, right }) => !OPERATORS.some((op) => op !== operator && `${left.text} ${right.text}`.includes(` ${op} `)))
  .map(({ operator, left, right }) => ({ text: `${left.text} ${operator} ${right.text}`, operator, left, right }));

/** Anything: a written condition with random splices, or random text with operators in it. */
const anyText: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(written, fc.array(fc.tuple(fc.nat(), fc.oneof(nastyString(4), fc.constantFrom(' == ', '(', ')', '[', ']', '.', ',', ' ', '\u0085', '[BODY]', 'len(', '*'))), { maxLength: 3 }))
    .map(([{ text }, splices]) => splices.reduce((acc, [at, piece]) => { const i = at % (acc.length + 1); return acc.slice(0, i) + piece + acc.slice(i); }, text)),
  fc.tuple(nastyString(20), fc.constantFrom(...OPERATORS), nastyString(20)).map(([a, op, b]) => `${a} ${op} ${b}`),
  nastyString(60),
);

// ---- observations -----------------------------------------------------------------------

const jsonBody = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? '');
const observation: fc.Arbitrary<Observation> = fc.record({
  status: fc.oneof(fc.constantFrom(0, 200, 204, 301, 404, 500, 503), fc.integer({ min: 0, max: 999 })),
  body: fc.oneof(jsonBody, nastyString(80), fc.constant('')),
  connected: fc.boolean(),
  total: fc.double({ min: 0, max: 1e7, noNaN: true }),
  remoteIp: fc.option(fc.oneof(fc.ipV4(), fc.ipV6()), { nil: null }),
  notAfterMs: fc.option(fc.integer({ min: -1e12, max: 1e12 }), { nil: null }),
}).map(({ status, body, connected, total, remoteIp, notAfterMs }) => ({
  url: 'https://example.test/health',
  method: 'GET',
  region: 'local-a',
  startedAt: '2026-03-01T00:00:00.000Z',
  connected,
  status,
  httpVersion: '1.1',
  remoteIp,
  timings: { dns: null, connect: null, tls: null, ttfb: null, total },
  headers: {},
  body,
  bodyBytes: Buffer.byteLength(body),
  tls:
    notAfterMs === null
      ? null
      : {
          protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', subject: 'CN=example.test', issuer: 'CN=Test CA', subjectAltNames: ['example.test'],
          notBefore: '2026-01-01T00:00:00.000Z', notAfter: new Date(Date.parse('2026-03-01T00:00:00.000Z') + notAfterMs).toISOString(),
          fingerprint256: 'AA', daysLeft: Math.floor(notAfterMs / 86_400_000), chainVerified: true, verificationError: null,
        },
  redirects: [],
  cause: null,
  error: null,
}));

// ---- properties -------------------------------------------------------------------------

function parsedOrInvalid(text: string): ReturnType<typeof parseCondition> | null {
  try {
    return parseCondition(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConditionError);
    // Gatus' message, then (after the merge with the hints) why and how to write it.
    expect((error as InvalidConditionError).message.startsWith(`invalid condition: ${text}`)).toBe(true);
    return null;
  }
}

describe('the condition language on any input', () => {
  it(
    'any text: a condition or an InvalidConditionError; conditionIssue agrees and never throws',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const parsed = parsedOrInvalid(text);
          const issue = conditionIssue(text);
          if (parsed === null) expect(issue?.startsWith(`invalid condition: ${text}`)).toBe(true);
          else expect(issue).toBeNull();
        }),
        fuzzParameters({ runs: 2_000, offset: 21 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'a condition written from the grammar parses into the parts it was written from',
    () => {
      fc.assert(
        fc.property(written, ({ text, operator, left, right }) => {
          const parsed = parseCondition(text);
          expect(parsed.operator).toBe(operator);
          expect({ text: parsed.left.text, kind: parsed.left.kind }).toEqual(left);
          expect({ text: parsed.right.text, kind: parsed.right.kind }).toEqual(right);
        }),
        fuzzParameters({ runs: 2_000, offset: 22 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'a valid condition round-trips through its parts, and judges any observation the same way',
    () => {
      fc.assert(
        fc.property(fc.oneof(written.map((w) => w.text), anyText), observation, (text, seen) => {
          const parsed = parsedOrInvalid(text);
          if (parsed === null) return;
          const again = parseCondition(`${parsed.left.text} ${parsed.operator} ${parsed.right.text}`);
          expect({ operator: again.operator, left: again.left, right: again.right }).toEqual({ operator: parsed.operator, left: parsed.left, right: parsed.right });
          expect(evaluateCondition(again, seen).success).toBe(evaluateCondition(parsed, seen).success);
        }),
        fuzzParameters({ runs: 1_500, offset: 23 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'evaluateCondition never throws; a passing condition is shown as written',
    () => {
      fc.assert(
        fc.property(fc.oneof(written.map((w) => w.text), anyText), observation, (text, seen) => {
          const result = evaluateCondition(text, seen);
          expect(typeof result.condition).toBe('string');
          if (result.success) expect(result.condition).toBe(text);
          if (conditionIssue(text) !== null) expect(result).toEqual({ condition: text, success: false });
        }),
        fuzzParameters({ runs: 1_500, offset: 24 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});
