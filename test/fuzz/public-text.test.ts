/**
 * Property: no secret a monitor's URL or a check's failure holds ever reaches a ledger
 * payload (or the public incident view) built from a result. Secrets ride where they do
 * in real URLs: the query, userinfo, the fragment, and the path (with quotes,
 * apostrophes, unicode and percent-escapes around them); the engine's error text quotes
 * them in any way; a failure's code or parsed URL may be garbage. Hosts are public by
 * rule (public-text.ts), so no secret is put there.
 *
 * Two levels: the payload builder over generated results, and the real engine against
 * a loopback server whose redirects carry the secrets.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureUrlOf, FAILURE_CAUSES, type CheckResult, type FailureUrl } from '../../functions/core/check-result.ts';
import { incidentOpenedBody, summarizeResult } from '../../functions/core/ledger/index.ts';
import { LOCAL_POLICY, runCheck } from '../../functions/engine/index.ts';
import { ledgerIncident, ledgerMonitor, ledgerResult } from '../helpers/fixtures.ts';
import { FUZZ_TEST_TIMEOUT_MS, fuzzParameters, nastyString } from './settings.ts';

/** `tok-` and ten letters or digits: the dash keeps it from ever being a failure code. */
const secretArb = fc.stringMatching(/^[A-Za-z0-9]{10}$/).map((s) => `tok-${s}`);

/** Path text around a secret: quotes, apostrophes, unicode, escapes, semicolons. */
const pathNoise = fc.string({
  maxLength: 6,
  unit: fc.constantFrom(...`'"\`!$&()*+,;=:@~-._ %2Fé中😀<>{}|^`, 'a', 'Z', '0'),
});

/** Where in an http(s) URL the secret rides. */
const urlWithSecret = (secret: string, origin: string): fc.Arbitrary<string> =>
  fc
    .record({
      where: fc.constantFrom('query', 'userinfo', 'password', 'fragment', 'path', 'matrix', 'all'),
      before: pathNoise,
      after: pathNoise,
      name: fc.constantFrom('token', 'sig', 'key', "it's", 'a"b', 'x'),
    })
    .map(({ where, before, after, name }) => {
      const [scheme, host] = origin.split('://') as [string, string];
      const path = `/${before}${where === 'path' || where === 'all' ? secret : 'p'}${after}${where === 'matrix' ? `;jsessionid=${secret}` : ''}`;
      const user = where === 'userinfo' || where === 'all' ? `${secret}@` : where === 'password' ? `ops:${secret}@` : '';
      const query = where === 'query' || where === 'all' ? `?${name}=${secret}&x=1` : '?a=1';
      const fragment = where === 'fragment' || where === 'all' ? `#${secret}` : '';
      return `${scheme}://${user}${host}${path}${query}${fragment}`;
    });

/** Free text an engine (or an agent) might write about a failure, quoting the secret and the URL any way. */
const errorText = (secret: string, url: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    `redirect loop: ${url} was already visited`,
    `could not connect: connect ECONNREFUSED 10.0.0.5:443 (${url})`,
    `redirect to ${JSON.stringify(url)}, which is not an http(s) URL`,
    `'${secret}'`,
    `token=${secret}`,
    `${secret}`,
    `"${url}"`,
    `it's ${url}'s fault`,
    `ERR_${secret}`,
  );

/** A failure's code: real ones, engine ones, and garbage that carries the secret. */
const errorCode = (secret: string): fc.Arbitrary<string | null | undefined> =>
  fc.oneof(
    fc.constantFrom('ECONNREFUSED', 'CERT_HAS_EXPIRED', 'redirect_loop', 'too_many_redirects', 'private_address', null, undefined),
    fc.constantFrom(`ECONNREFUSED ${secret}`, `redirect_loop?token=${secret}`, secret, `${secret}_x`, `E_${secret}`),
    nastyString(12),
  );

/** A failure's parsed URL: as the engine makes it, or garbage with the secret smuggled in. */
const errorUrl = (secret: string, url: string): fc.Arbitrary<FailureUrl | null | undefined> =>
  fc.oneof(
    fc.constant(failureUrlOf(new URL(url))),
    fc.constant(null),
    fc.constant(undefined),
    fc.constantFrom('@', '/', '?', '#', ':', ' ', '\\', '%40', '%2F').map((sep) => ({ scheme: 'https', host: `a.test${sep}${secret}`, port: null, path: '/' })),
    fc.constant({ scheme: `https://${secret}@`, host: 'a.test', port: null, path: '/' }),
    fc.constant({ scheme: 'https', host: 'a.test', port: null, path: `/${secret}` }),
    fc.constant({ scheme: 'https', host: 'a.test', port: Number.NaN, path: '/' }),
  );

const scenario = secretArb.chain((secret) =>
  urlWithSecret(secret, 'https://shop.example.test:8443').chain((url) =>
    fc.record({
      secret: fc.constant(secret),
      url: fc.constant(url),
      cause: fc.constantFrom(...FAILURE_CAUSES.filter((c) => c !== 'condition')),
      error: errorText(secret, url),
      errorCode: errorCode(secret),
      errorUrl: errorUrl(secret, url),
    }),
  ),
);

/** The forms a secret may take in JSON text. */
function leaks(text: string, secret: string): string[] {
  const forms = [secret, secret.toLowerCase(), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  return forms.filter((form) => text.includes(form) || text.toLowerCase().includes(form.toLowerCase()));
}

describe('public text built from results', () => {
  it(
    'incident.opened holds no secret of the URL or the failure, whatever they say',
    () => {
      fc.assert(
        fc.property(scenario, ({ secret, url, cause, error, errorCode: code, errorUrl: parsed }) => {
          const failed: CheckResult = ledgerResult({
            url,
            cause,
            error,
            ...(code === undefined ? {} : { errorCode: code }),
            ...(parsed === undefined ? {} : { errorUrl: parsed }),
          });
          const incident = ledgerIncident({ cause, primary: { region: 'local-a', result: failed }, verifier: { region: 'local-b', result: failed, outcome: 'confirmed' } });
          const { body, evidence } = incidentOpenedBody(incident, ledgerMonitor({ url }));
          expect(leaks(JSON.stringify(body), secret), JSON.stringify(body)).toEqual([]);
          expect(leaks(JSON.stringify(summarizeResult(failed)), secret)).toEqual([]);
          // The evidence (not public) keeps everything.
          expect(evidence.monitor.url).toBe(url);
          expect(evidence.primary.result.error).toBe(error);
        }),
        fuzzParameters({ runs: 3_000, offset: 41 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});

describe('public text of real checks', () => {
  let server: Server;
  let origin: string;
  /** What the target answers: its Location for the path asked, or 200. */
  let locationFor: (url: string) => string | null = () => null;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const location = locationFor(req.url ?? '/');
      if (location === null) res.writeHead(200).end('ok');
      else res.writeHead(302, { location }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  /** The target's behaviour: a loop back to the URL asked, a loop to a secret-laden URL, or an endless chain. */
  const behaviour = fc.constantFrom('self', 'to-secret-then-self', 'chain');

  it(
    'redirect loops and chains through secret-laden URLs: the payload names only the origin',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          secretArb.chain((secret) => fc.record({ secret: fc.constant(secret), monitorUrl: urlWithSecret(secret, origin), hopUrl: urlWithSecret(secret, origin), behaviour })),
          async ({ secret, monitorUrl, hopUrl, behaviour: how }) => {
            let hops = 0;
            const hop = new URL(hopUrl);
            const hopPath = `${hop.pathname}${hop.search}`;
            locationFor = (asked) => {
              hops++;
              if (how === 'self') return asked;
              // As the parser writes it: a header value holds no raw unicode.
              if (how === 'to-secret-then-self') return asked === hopPath ? asked : hop.href;
              return `${hop.pathname}/${hops}${hop.search}`;
            };
            const result = await runCheck({ url: monitorUrl, conditions: [], timeoutMs: 2_000, maxRedirects: 3 }, { policy: LOCAL_POLICY });
            expect(result.cause).toBe('http');
            expect(result.errorCode).toMatch(/^(?:redirect_loop|too_many_redirects)$/);
            const incident = ledgerIncident({ cause: 'http', primary: { region: 'local-a', result }, verifier: { region: 'local-b', result, outcome: 'confirmed' } });
            const { body } = incidentOpenedBody(incident, ledgerMonitor({ url: monitorUrl }));
            const text = JSON.stringify(body);
            expect(leaks(text, secret), text).toEqual([]);
            expect(body.primary.result.error).toBe(`http: ${result.errorCode!.replaceAll('_', ' ')} at ${origin}`);
          },
        ),
        fuzzParameters({ runs: 60, timeMs: 4_000, offset: 42 }),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});
