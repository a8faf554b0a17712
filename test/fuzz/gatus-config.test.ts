/**
 * Property: parseConfigFile, given any text, returns monitors or throws the documented
 * ValidationError (each issue a path and a message), nothing else; what it returns is
 * a valid definition (parsing it again changes nothing) whose headers Node would send.
 *
 * Inputs: Gatus-shaped documents with random values, written by the yaml library, then
 * spliced with YAML's sharper edges (anchors, aliases, merge keys, tags such as !!set,
 * !!binary, !!omap, complex keys, flow collections), and plain random text.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ValidationError } from '../../functions/core/errors.ts';
import { parseConfigFile } from '../../functions/core/gatus-config.ts';
import { MonitorDefinitionSchema } from '../../functions/core/monitor.ts';
import { FUZZ_TEST_TIMEOUT_MS, fuzzParameters, nastyString } from './settings.ts';

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  nastyString(30),
  fc.constantFrom('30s', '5m', '1h', '0s', '-1s', '1.5s', '10', 'GET', 'post', 'email', 'https://a.test/x?token=1', 'http://[::1]:80/', '[STATUS] == 200', 'ops@example.test'),
  fc.integer({ min: -5, max: 5000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString(10), scalar, { maxKeys: 3 }) },
);

const ENDPOINT_KEYS = ['name', 'url', 'method', 'headers', 'body', 'interval', 'intervalSeconds', 'group', 'enabled', 'client', 'conditions', 'alerts', 'regions', 'tags', 'timeoutMs', 'maxRedirects', 'paused'];

const endpoint: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    base: fc.record({ name: nastyString(20), url: fc.oneof(fc.constant('https://shop.example.test/health'), fc.webUrl(), nastyString()) }),
    extra: fc.dictionary(fc.oneof(fc.constantFrom(...ENDPOINT_KEYS), nastyString(8)), value, { maxKeys: 4 }),
    headers: fc.option(fc.dictionary(nastyString(16), fc.oneof(nastyString(40), scalar), { maxKeys: 3 }), { nil: undefined }),
    client: fc.option(fc.record({ insecure: value, timeout: value }, { requiredKeys: [] }), { nil: undefined }),
    alerts: fc.option(fc.array(fc.record({ type: fc.constantFrom('email', 'slack', 1), enabled: value, 'failure-threshold': value }, { requiredKeys: [] }), { maxLength: 2 }), { nil: undefined }),
  })
  .map(({ base, extra, headers, client, alerts }) => ({
    ...base,
    ...extra,
    ...(headers === undefined ? {} : { headers }),
    ...(client === undefined ? {} : { client }),
    ...(alerts === undefined ? {} : { alerts }),
  }));

const documentValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ endpoints: fc.array(endpoint, { maxLength: 3 }), alerting: fc.option(fc.record({ email: fc.record({ to: value }) }), { nil: undefined }) }, { requiredKeys: ['endpoints'] }) },
  { weight: 1, arbitrary: fc.record({ storage: value, web: value, unknown: value }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: value },
);

/** YAML's sharp edges, spliced into a document's text. */
const FRAGMENTS = [
  '&a ', '*a', '*nowhere', '<<: *a\n', '<<: {name: x}\n', '!!set ', '!!binary aGVsbG8=', '!!omap ', '!!timestamp 2001-12-14', '!!str ', '!!int ', '!!float .nan', '.inf',
  '!custom ', '? [a, b]\n: c\n', '{a: 1, a: 2}', '[*a, *a, *a]', '---\n', '...\n', '%YAML 1.1\n', '- ', ': ', '\t', '\n  ', '"\\u0000"', "'", '"', '#', '|\n  x\n', '>-\n  y\n', '\ufeff', '~',
];

const splicedText: fc.Arbitrary<string> = fc
  .tuple(documentValue, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...FRAGMENTS)), { maxLength: 4 }))
  .map(([doc, splices]) => {
    let text = stringify(doc);
    for (const [at, fragment] of splices) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + fragment + text.slice(i);
    }
    return text;
  });

/** A document whose aliases expand to a great many nodes. */
const aliasBomb: fc.Arbitrary<string> = fc.integer({ min: 2, max: 12 }).map((levels) => {
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\nendpoints: []\n`;
});

function holdsTheContract(text: string): void {
  let config: ReturnType<typeof parseConfigFile>;
  try {
    config = parseConfigFile(text);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(typeof issue.path).toBe('string');
      expect(issue.message).toEqual(expect.any(String));
      expect(issue.message).not.toBe('');
    }
    return;
  }
  for (const monitor of config.monitors) {
    expect(MonitorDefinitionSchema.parse(monitor)).toEqual(monitor);
    for (const [name, headerValue] of Object.entries(monitor.type === 'http' ? monitor.headers : {})) {
      validateHeaderName(name);
      validateHeaderValue(name, headerValue);
    }
  }
}

describe('parseConfigFile on any input', () => {
  it(
    'Gatus-shaped documents, YAML edges spliced in: monitors or a ValidationError',
    () => {
      fc.assert(fc.property(splicedText, holdsTheContract), fuzzParameters({ runs: 600, timeMs: 4_000, offset: 11 }));
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'alias expansions: a ValidationError once past the limit, never a ReferenceError',
    () => {
      fc.assert(fc.property(aliasBomb, holdsTheContract), fuzzParameters({ runs: 30, offset: 12 }));
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'plain random text: monitors or a ValidationError',
    () => {
      fc.assert(fc.property(nastyString(300), holdsTheContract), fuzzParameters({ runs: 600, timeMs: 3_000, offset: 13 }));
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});
