/**
 * The condition language against observations, modelled on Gatus' condition_test.go:
 * each scenario names the condition, what the probe saw, the verdict and the exact
 * resolved text.
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../functions/core/check-result.ts';
import { evaluateCondition, parseCondition } from '../../functions/core/conditions/index.ts';

const STARTED_AT = '2026-03-01T00:00:00.000Z';
const HOUR = 3_600_000;

interface Seen {
  status?: number;
  body?: string;
  ip?: string | null;
  total?: number;
  connected?: boolean;
  /** Milliseconds from the start of the check to the certificate's notAfter; absent: no certificate. */
  certificateMs?: number;
  /** A transport failure; with status 0 it means no response came. */
  cause?: Observation['cause'];
  /** A dns check's response code; absent: no DNS response. */
  rcode?: string;
}

function observation(seen: Seen = {}): Observation {
  const notAfter = seen.certificateMs === undefined ? null : new Date(Date.parse(STARTED_AT) + seen.certificateMs).toISOString();
  return {
    url: 'https://example.test/health',
    method: 'GET',
    region: 'local-a',
    startedAt: STARTED_AT,
    connected: seen.connected ?? true,
    status: seen.status ?? 200,
    httpVersion: '1.1',
    remoteIp: seen.ip === undefined ? '127.0.0.1' : seen.ip,
    timings: { dns: 1, connect: 1, tls: null, ttfb: 2, total: seen.total ?? 10 },
    headers: {},
    body: seen.body ?? '',
    bodyBytes: (seen.body ?? '').length,
    tls:
      notAfter === null
        ? null
        : {
            protocol: 'TLSv1.3',
            cipher: 'TLS_AES_128_GCM_SHA256',
            subject: 'CN=example.test',
            issuer: 'CN=Test CA',
            subjectAltNames: ['DNS:example.test'],
            notBefore: '2026-01-01T00:00:00.000Z',
            notAfter,
            fingerprint256: null,
            daysLeft: Math.floor((seen.certificateMs ?? 0) / (24 * HOUR)),
            chainVerified: true,
            verificationError: null,
          },
    redirects: [],
    cause: seen.cause ?? null,
    error: seen.cause ? `${seen.cause} failed` : null,
    ...(seen.rcode === undefined ? {} : { dns: { resolver: '127.0.0.1:53', transport: 'udp', queryName: 'example.test', queryType: 'A', rcode: seen.rcode, answers: [] } }),
  };
}

interface Scenario {
  name: string;
  condition: string;
  seen: Seen;
  success: boolean;
  shown: string;
}

const html = (user: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /></head><body><div id="user">${user}</div></body></html>`;

const scenarios: Scenario[] = [
  // [IP]
  { name: 'ip', condition: '[IP] == 127.0.0.1', seen: { ip: '127.0.0.1' }, success: true, shown: '[IP] == 127.0.0.1' },
  { name: 'ip-failure', condition: '[IP] == 127.0.0.1', seen: { ip: '10.0.0.7' }, success: false, shown: '[IP] (10.0.0.7) == 127.0.0.1' },
  { name: 'ip-unknown-is-empty', condition: '[IP] == 127.0.0.1', seen: { ip: null }, success: false, shown: '[IP] () == 127.0.0.1' },
  // [STATUS]
  { name: 'status', condition: '[STATUS] == 200', seen: { status: 200 }, success: true, shown: '[STATUS] == 200' },
  { name: 'status-failure', condition: '[STATUS] == 200', seen: { status: 500 }, success: false, shown: '[STATUS] (500) == 200' },
  { name: 'status-503', condition: '[STATUS] == 200', seen: { status: 503 }, success: false, shown: '[STATUS] (503) == 200' },
  { name: 'status-not-equal', condition: '[STATUS] != 500', seen: { status: 200 }, success: true, shown: '[STATUS] != 500' },
  { name: 'status-not-equal-failure', condition: '[STATUS] != 500', seen: { status: 500 }, success: false, shown: '[STATUS] (500) != 500' },
  { name: 'status-less-than', condition: '[STATUS] < 300', seen: { status: 201 }, success: true, shown: '[STATUS] < 300' },
  { name: 'status-less-than-failure', condition: '[STATUS] < 300', seen: { status: 404 }, success: false, shown: '[STATUS] (404) < 300' },
  { name: 'status-operands-swapped', condition: '300 > [STATUS]', seen: { status: 404 }, success: false, shown: '300 > [STATUS] (404)' },
  { name: 'status-no-response-is-0', condition: '[STATUS] == 200', seen: { status: 0, connected: false }, success: false, shown: '[STATUS] (0) == 200' },
  { name: 'status-0-passes-default', condition: '[STATUS] < 400', seen: { status: 0, connected: false }, success: true, shown: '[STATUS] < 400' },
  // No response at all (a transport failure before any status): what reads the response is not evaluated.
  { name: 'no-response-default-not-evaluated', condition: '[STATUS] < 400', seen: { status: 0, connected: false, cause: 'connect' }, success: false, shown: '[STATUS] < 400 (not evaluated: no response)' },
  { name: 'no-response-status-not-evaluated', condition: '[STATUS] == 200', seen: { status: 0, connected: false, cause: 'dns', ip: null }, success: false, shown: '[STATUS] == 200 (not evaluated: no response)' },
  { name: 'no-response-body-not-evaluated', condition: 'has([BODY].errors) == false', seen: { status: 0, cause: 'timeout' }, success: false, shown: 'has([BODY].errors) == false (not evaluated: no response)' },
  { name: 'no-response-no-certificate-not-evaluated', condition: '[CERTIFICATE_EXPIRATION] > 48h', seen: { status: 0, connected: false, cause: 'connect' }, success: false, shown: '[CERTIFICATE_EXPIRATION] > 48h (not evaluated: no response)' },
  { name: 'no-response-certificate-seen-is-evaluated', condition: '[CERTIFICATE_EXPIRATION] > 48h', seen: { status: 0, cause: 'tls', certificateMs: -HOUR }, success: false, shown: '[CERTIFICATE_EXPIRATION] (-1h) > 48h' },
  { name: 'no-response-no-address-not-evaluated', condition: '[IP] == 10.0.0.1', seen: { status: 0, connected: false, cause: 'dns', ip: null }, success: false, shown: '[IP] == 10.0.0.1 (not evaluated: no response)' },
  { name: 'no-response-address-is-evaluated', condition: '[IP] == 10.0.0.1', seen: { status: 0, connected: false, cause: 'connect', ip: '10.0.0.1' }, success: true, shown: '[IP] == 10.0.0.1' },
  { name: 'no-response-connected-is-evaluated', condition: '[CONNECTED] == false', seen: { status: 0, connected: false, cause: 'connect' }, success: true, shown: '[CONNECTED] == false' },
  { name: 'no-response-response-time-is-evaluated', condition: '[RESPONSE_TIME] < 500', seen: { status: 0, connected: false, cause: 'connect', total: 3 }, success: true, shown: '[RESPONSE_TIME] < 500' },
  { name: 'no-response-fixed-texts-are-evaluated', condition: 'raw == raw', seen: { status: 0, cause: 'blocked' }, success: true, shown: 'raw == raw' },
  { name: 'status-greater-than-zero-failure', condition: '[STATUS] > 0', seen: { status: 0 }, success: false, shown: '[STATUS] (0) > 0' },
  { name: 'placeholder-names-ignore-case', condition: '[status] == 200', seen: { status: 503 }, success: false, shown: '[status] (503) == 200' },
  { name: 'status-hexadecimal-literal', condition: '[STATUS] == 0xC8', seen: { status: 200 }, success: true, shown: '[STATUS] == 0xC8' },
  // [RESPONSE_TIME]
  { name: 'response-time-less-than', condition: '[RESPONSE_TIME] < 500', seen: { total: 50 }, success: true, shown: '[RESPONSE_TIME] < 500' },
  { name: 'response-time-less-than-duration', condition: '[RESPONSE_TIME] < 1s', seen: { total: 50 }, success: true, shown: '[RESPONSE_TIME] < 1s' },
  { name: 'response-time-less-than-duration-failure', condition: '[RESPONSE_TIME] < 1s', seen: { total: 2500 }, success: false, shown: '[RESPONSE_TIME] (2500) < 1s' },
  { name: 'response-time-sub-second-duration', condition: '[RESPONSE_TIME] < 1500ms', seen: { total: 2000 }, success: false, shown: '[RESPONSE_TIME] (2000) < 1500ms (1s)' },
  { name: 'response-time-invalid-operand-is-0', condition: '[RESPONSE_TIME] < potato', seen: { total: 50 }, success: false, shown: '[RESPONSE_TIME] (50) < potato (0)' },
  { name: 'response-time-greater-than', condition: '[RESPONSE_TIME] > 500', seen: { total: 750 }, success: true, shown: '[RESPONSE_TIME] > 500' },
  { name: 'response-time-greater-than-duration', condition: '[RESPONSE_TIME] > 1s', seen: { total: 2000 }, success: true, shown: '[RESPONSE_TIME] > 1s' },
  { name: 'response-time-greater-or-equal-equal', condition: '[RESPONSE_TIME] >= 500', seen: { total: 500 }, success: true, shown: '[RESPONSE_TIME] >= 500' },
  { name: 'response-time-greater-or-equal-failure', condition: '[RESPONSE_TIME] >= 500', seen: { total: 499 }, success: false, shown: '[RESPONSE_TIME] (499) >= 500' },
  { name: 'response-time-less-or-equal-equal', condition: '[RESPONSE_TIME] <= 500', seen: { total: 500 }, success: true, shown: '[RESPONSE_TIME] <= 500' },
  { name: 'response-time-less-or-equal-less', condition: '[RESPONSE_TIME] <= 500', seen: { total: 25 }, success: true, shown: '[RESPONSE_TIME] <= 500' },
  { name: 'response-time-less-or-equal-failure', condition: '[RESPONSE_TIME] <= 500', seen: { total: 750 }, success: false, shown: '[RESPONSE_TIME] (750) <= 500' },
  { name: 'response-time-whole-milliseconds', condition: '[RESPONSE_TIME] > 500', seen: { total: 500.9 }, success: false, shown: '[RESPONSE_TIME] (500) > 500' },
  // [BODY]
  { name: 'body', condition: '[BODY] == test', seen: { body: 'test' }, success: true, shown: '[BODY] == test' },
  { name: 'body-trimmed', condition: '[BODY] == test', seen: { body: '  test\r\n' }, success: true, shown: '[BODY] == test' },
  { name: 'body-failure', condition: '[BODY] == test', seen: { body: 'nope' }, success: false, shown: '[BODY] (nope) == test' },
  { name: 'body-long-value-cut-in-display', condition: '[BODY] == ok', seen: { body: 'x'.repeat(300) }, success: false, shown: `[BODY] (${'x'.repeat(200)}...(truncated)) == ok` },
  { name: 'body-numerical-equal', condition: '[BODY] == 123', seen: { body: '123' }, success: true, shown: '[BODY] == 123' },
  { name: 'body-numerical-less-than', condition: '[BODY] < 124', seen: { body: '123' }, success: true, shown: '[BODY] < 124' },
  { name: 'body-numerical-greater-than', condition: '[BODY] > 122', seen: { body: '123' }, success: true, shown: '[BODY] > 122' },
  { name: 'body-numerical-greater-than-failure', condition: '[BODY] > 123', seen: { body: '100' }, success: false, shown: '[BODY] (100) > 123' },
  { name: 'body-dot-is-raw-body', condition: '[BODY]. == pong', seen: { body: 'pong' }, success: true, shown: '[BODY]. == pong' },
  // [BODY] JSONPath
  { name: 'jsonpath', condition: '[BODY].status == UP', seen: { body: '{"status":"UP"}' }, success: true, shown: '[BODY].status == UP' },
  { name: 'jsonpath-failure', condition: '[BODY].status == UP', seen: { body: '{"status":"DOWN"}' }, success: false, shown: '[BODY].status (DOWN) == UP' },
  { name: 'jsonpath-complex', condition: '[BODY].data.name == john', seen: { body: '{"data": {"id": 1, "name": "john"}}' }, success: true, shown: '[BODY].data.name == john' },
  { name: 'jsonpath-complex-invalid', condition: '[BODY].data.name == john', seen: { body: '{"data": {"id": 1}}' }, success: false, shown: '[BODY].data.name (INVALID) == john' },
  { name: 'jsonpath-complex-len-invalid', condition: 'len([BODY].data.name) == john', seen: { body: '{"data": {"id": 1}}' }, success: false, shown: 'len([BODY].data.name) (INVALID) == john' },
  { name: 'jsonpath-double-placeholder', condition: '[BODY].user.firstName != [BODY].user.lastName', seen: { body: '{"user": {"firstName": "john", "lastName": "doe"}}' }, success: true, shown: '[BODY].user.firstName != [BODY].user.lastName' },
  { name: 'jsonpath-double-placeholder-failure', condition: '[BODY].user.firstName == [BODY].user.lastName', seen: { body: '{"user": {"firstName": "john", "lastName": "doe"}}' }, success: false, shown: '[BODY].user.firstName (john) == [BODY].user.lastName (doe)' },
  { name: 'jsonpath-body-is-array', condition: '[BODY][0].id == 1', seen: { body: '[{"id": 1}, {"id": 2}]' }, success: true, shown: '[BODY][0].id == 1' },
  { name: 'jsonpath-keyed-array', condition: '[BODY].data[1].id == 2', seen: { body: '{"data": [{"id": 1}, {"id": 2}, {"id": 3}]}' }, success: true, shown: '[BODY].data[1].id == 2' },
  { name: 'jsonpath-keyed-array-failure', condition: '[BODY].data[1].id == 2', seen: { body: '{"data": [{"id": 1}, {"id": 3}]}' }, success: false, shown: '[BODY].data[1].id (3) == 2' },
  { name: 'jsonpath-nested-arrays', condition: '[BODY][3][2] == 7', seen: { body: '[[1, 2], [3, 4], [], [5, 6, 7]]' }, success: true, shown: '[BODY][3][2] == 7' },
  { name: 'jsonpath-keyed-nested-arrays', condition: '[BODY].data[1][1] == eeeee', seen: { body: '{"data": [["a", "b", "c"], ["d", "eeeee", "f"]]}' }, success: true, shown: '[BODY].data[1][1] == eeeee' },
  { name: 'jsonpath-index-out-of-range', condition: '[BODY][5].id == 1', seen: { body: '[{"id": 1}]' }, success: false, shown: '[BODY][5].id (INVALID) == 1' },
  { name: 'jsonpath-index-not-a-number', condition: '[BODY].ids[wat] == 1', seen: { body: '{"ids": [1, 2]}' }, success: false, shown: '[BODY].ids[wat] (INVALID) == 1' },
  { name: 'jsonpath-null-parameter', condition: '[BODY].data == OK', seen: { body: '{"data": null}' }, success: false, shown: '[BODY].data (INVALID) == OK' },
  { name: 'jsonpath-trailing-garbage', condition: '[BODY].data == OK', seen: { body: '{"data": "OK"}"' }, success: false, shown: '[BODY].data (INVALID) == OK' },
  { name: 'jsonpath-array-with-null', condition: '[BODY].items[0] == OK', seen: { body: '{"items": [null, null]}' }, success: false, shown: '[BODY].items[0] (INVALID) == OK' },
  { name: 'jsonpath-body-is-null', condition: '[BODY].data == OK', seen: { body: 'null' }, success: false, shown: '[BODY].data (INVALID) == OK' },
  { name: 'jsonpath-body-not-json', condition: '[BODY].data == OK', seen: { body: '<html></html>' }, success: false, shown: '[BODY].data (INVALID) == OK' },
  { name: 'jsonpath-array-path-object-body', condition: '[BODY][0].name == test', seen: { body: '{"statusCode": 500, "message": "Internal Server Error"}' }, success: false, shown: '[BODY][0].name (INVALID) == test' },
  { name: 'jsonpath-past-a-string', condition: '[BODY].data.name.invalid == john', seen: { body: '{"data": {"name": "john"}}' }, success: false, shown: '[BODY].data.name.invalid (INVALID) == john' },
  { name: 'jsonpath-past-a-number', condition: '[BODY].data.id.x == 1', seen: { body: '{"data": {"id": 1}}' }, success: false, shown: '[BODY].data.id.x (INVALID) == 1' },
  { name: 'jsonpath-keys-keep-case', condition: '[body].Data.Name == john', seen: { body: '{"Data": {"Name": "john"}}' }, success: true, shown: '[body].Data.Name == john' },
  { name: 'jsonpath-int', condition: '[BODY].data.id == 1', seen: { body: '{"data": {"id": 1}}' }, success: true, shown: '[BODY].data.id == 1' },
  { name: 'jsonpath-bool', condition: '[BODY].ok == true', seen: { body: '{"ok": true}' }, success: true, shown: '[BODY].ok == true' },
  { name: 'jsonpath-int-greater-than', condition: '[BODY].data.id > 0', seen: { body: '{"data": {"id": 1}}' }, success: true, shown: '[BODY].data.id > 0' },
  { name: 'jsonpath-int-greater-than-failure', condition: '[BODY].data.id > 5', seen: { body: '{"data": {"id": 1}}' }, success: false, shown: '[BODY].data.id (1) > 5' },
  { name: 'jsonpath-int-less-than', condition: '[BODY].data.id < 5', seen: { body: '{"data": {"id": 2}}' }, success: true, shown: '[BODY].data.id < 5' },
  { name: 'jsonpath-int-less-than-failure', condition: '[BODY].data.id < 5', seen: { body: '{"data": {"id": 10}}' }, success: false, shown: '[BODY].data.id (10) < 5' },
  { name: 'jsonpath-missing-compared-as-0', condition: '[BODY].data.id > 5', seen: { body: '{}' }, success: false, shown: '[BODY].data.id (0) > 5' },
  { name: 'jsonpath-missing-not-equal-passes', condition: '[BODY].error != fatal', seen: { body: '{}' }, success: true, shown: '[BODY].error != fatal' },
  { name: 'jsonpath-object-as-sorted-json', condition: '[BODY].data == {}', seen: { body: '{"data": {"b": "<x>", "a": 1}}' }, success: false, shown: '[BODY].data ({"a":1,"b":"\\u003cx\\u003e"}) == {}' },
  { name: 'jsonpath-array-as-go-prints-it', condition: '[BODY].items == []', seen: { body: '{"items": [{"b": 2, "a": 1}, null, true, 1.5, "x y"]}' }, success: false, shown: '[BODY].items ([map[a:1 b:2] <nil> true 1.5 x y]) == []' },
  // numbers in bodies
  { name: 'hexadecimal-greater-than', condition: '[BODY].data > 0', seen: { body: '{"data": "0x1"}' }, success: true, shown: '[BODY].data > 0' },
  { name: 'hexadecimal-equal-to-1', condition: '[BODY].data == 1', seen: { body: '{"data": "0x1"}' }, success: true, shown: '[BODY].data == 1' },
  { name: 'hexadecimal-equals-hexadecimal', condition: '[BODY].data == 0x1', seen: { body: '{"data": "0x1"}' }, success: true, shown: '[BODY].data == 0x1' },
  { name: 'hexadecimal-0x2', condition: '[BODY].data == 2', seen: { body: '{"data": "0x2"}' }, success: true, shown: '[BODY].data == 2' },
  { name: 'hexadecimal-0xF', condition: '[BODY].data == 15', seen: { body: '{"data": "0xF"}' }, success: true, shown: '[BODY].data == 15' },
  { name: 'hexadecimal-0xC0ff33', condition: '[BODY].data == 12648243', seen: { body: '{"data": "0xC0ff33"}' }, success: true, shown: '[BODY].data == 12648243' },
  { name: 'hexadecimal-len', condition: 'len([BODY].data) == 3', seen: { body: '{"data": "0x1"}' }, success: true, shown: 'len([BODY].data) == 3' },
  { name: 'hexadecimal-greater-or-equal', condition: '[BODY].data >= 1', seen: { body: '{"data": "0x01"}' }, success: true, shown: '[BODY].data >= 1' },
  { name: 'hexadecimal-0x01-len', condition: 'len([BODY].data) == 4', seen: { body: '{"data": "0x01"}' }, success: true, shown: 'len([BODY].data) == 4' },
  { name: 'octal-greater-than', condition: '[BODY].data > 0', seen: { body: '{"data": "0o1"}' }, success: true, shown: '[BODY].data > 0' },
  { name: 'octal-equal', condition: '[BODY].data == 2', seen: { body: '{"data": "0o2"}' }, success: true, shown: '[BODY].data == 2' },
  { name: 'octal-equals-octal', condition: '[BODY].data == 0o2', seen: { body: '{"data": "0o2"}' }, success: true, shown: '[BODY].data == 0o2' },
  { name: 'octal-leading-zero', condition: '[BODY].data == 8', seen: { body: '{"data": "010"}' }, success: true, shown: '[BODY].data == 8' },
  { name: 'binary-greater-than', condition: '[BODY].data > 0', seen: { body: '{"data": "0b1"}' }, success: true, shown: '[BODY].data > 0' },
  { name: 'binary-equal', condition: '[BODY].data == 2', seen: { body: '{"data": "0b0010"}' }, success: true, shown: '[BODY].data == 2' },
  { name: 'binary-equals-binary', condition: '[BODY].data == 0b10', seen: { body: '{"data": "0b0010"}' }, success: true, shown: '[BODY].data == 0b10' },
  { name: 'float-string-truncated-issue433', condition: '[BODY].balance > 100', seen: { body: '{"balance": "123.40000000000005"}' }, success: true, shown: '[BODY].balance > 100' },
  { name: 'float-number-truncated', condition: '[BODY].load < 1', seen: { body: '{"load": 0.85}' }, success: true, shown: '[BODY].load < 1' },
  { name: 'float-truncated-toward-zero', condition: '[BODY].load >= 1', seen: { body: '{"load": 1.99}' }, success: true, shown: '[BODY].load >= 1' },
  { name: 'float-display', condition: '[BODY].balance == 123.4', seen: { body: '{"balance": 123.40000000000005}' }, success: false, shown: '[BODY].balance (123.40000000000005) == 123.4' },
  { name: 'floats-equal-as-text', condition: '[BODY].version == 1.50', seen: { body: '{"version": "1.5"}' }, success: false, shown: '[BODY].version (1.5) == 1.50' },
  { name: 'float-literal-shown-as-integer', condition: '[BODY].n > 2.5', seen: { body: '{"n": 1}' }, success: false, shown: '[BODY].n (1) > 2.5 (2)' },
  { name: 'large-integer-equal', condition: '[BODY].count == 1500000', seen: { body: '{"count": 1500000}' }, success: true, shown: '[BODY].count == 1500000' },
  { name: 'large-integer-display', condition: '[BODY].uptime < 1000', seen: { body: '{"uptime": 1700000000}' }, success: false, shown: '[BODY].uptime (1700000000) < 1000' },
  // [CONNECTED]
  { name: 'connected', condition: '[CONNECTED] == true', seen: { connected: true }, success: true, shown: '[CONNECTED] == true' },
  { name: 'connected-failure', condition: '[CONNECTED] == true', seen: { connected: false }, success: false, shown: '[CONNECTED] (false) == true' },
  { name: 'not-connected', condition: '[CONNECTED] == false', seen: { connected: false, status: 0 }, success: true, shown: '[CONNECTED] == false' },
  // [DNS_RCODE]: a dns monitor's response code, as Gatus names it; empty without a DNS response
  { name: 'dns-rcode', condition: '[DNS_RCODE] == NOERROR', seen: { status: 0, rcode: 'NOERROR' }, success: true, shown: '[DNS_RCODE] == NOERROR' },
  { name: 'dns-rcode-failure', condition: '[DNS_RCODE] == NOERROR', seen: { status: 0, rcode: 'NXDOMAIN' }, success: false, shown: '[DNS_RCODE] (NXDOMAIN) == NOERROR' },
  { name: 'dns-rcode-expected-nxdomain', condition: '[DNS_RCODE] == NXDOMAIN', seen: { status: 0, rcode: 'NXDOMAIN' }, success: true, shown: '[DNS_RCODE] == NXDOMAIN' },
  { name: 'dns-rcode-not-equal', condition: '[DNS_RCODE] != SERVFAIL', seen: { status: 0, rcode: 'SERVFAIL' }, success: false, shown: '[DNS_RCODE] (SERVFAIL) != SERVFAIL' },
  { name: 'dns-rcode-any', condition: '[DNS_RCODE] == any(NOERROR, NXDOMAIN)', seen: { status: 0, rcode: 'NXDOMAIN' }, success: true, shown: '[DNS_RCODE] == any(NOERROR, NXDOMAIN)' },
  { name: 'dns-rcode-on-http', condition: '[DNS_RCODE] == NOERROR', seen: {}, success: false, shown: '[DNS_RCODE] () == NOERROR' },
  { name: 'dns-rcode-no-response-not-evaluated', condition: '[DNS_RCODE] == NOERROR', seen: { status: 0, connected: false, cause: 'timeout' }, success: false, shown: '[DNS_RCODE] == NOERROR (not evaluated: no response)' },
  // [CERTIFICATE_EXPIRATION]
  { name: 'certificate-not-set', condition: '[CERTIFICATE_EXPIRATION] == 0', seen: {}, success: true, shown: '[CERTIFICATE_EXPIRATION] == 0' },
  { name: 'certificate-not-set-fails-duration', condition: '[CERTIFICATE_EXPIRATION] > 48h', seen: {}, success: false, shown: '[CERTIFICATE_EXPIRATION] (0s) > 48h' },
  { name: 'certificate-greater-than-numerical', condition: '[CERTIFICATE_EXPIRATION] > 2419200000', seen: { certificateMs: 60 * 24 * HOUR }, success: true, shown: '[CERTIFICATE_EXPIRATION] > 2419200000' },
  { name: 'certificate-greater-than-numerical-failure', condition: '[CERTIFICATE_EXPIRATION] > 2419200000', seen: { certificateMs: 14 * 24 * HOUR }, success: false, shown: '[CERTIFICATE_EXPIRATION] (336h) > 2419200000' },
  { name: 'certificate-greater-than-duration', condition: '[CERTIFICATE_EXPIRATION] > 12h', seen: { certificateMs: 24 * HOUR }, success: true, shown: '[CERTIFICATE_EXPIRATION] > 12h' },
  { name: 'certificate-greater-than-duration-failure', condition: '[CERTIFICATE_EXPIRATION] > 48h', seen: { certificateMs: 24 * HOUR }, success: false, shown: '[CERTIFICATE_EXPIRATION] (24h) > 48h' },
  { name: 'certificate-hours-and-minutes', condition: '[CERTIFICATE_EXPIRATION] > 48h', seen: { certificateMs: 1.5 * HOUR + 999 }, success: false, shown: '[CERTIFICATE_EXPIRATION] (1h30m) > 48h' },
  { name: 'certificate-expired', condition: '[CERTIFICATE_EXPIRATION] > 0', seen: { certificateMs: -24 * HOUR }, success: false, shown: '[CERTIFICATE_EXPIRATION] (-24h) > 0' },
  // plain text
  { name: 'no-placeholders', condition: '1 == 2', seen: {}, success: false, shown: '1 == 2' },
  { name: 'raw-equals-raw', condition: 'raw == raw', seen: {}, success: true, shown: 'raw == raw' },
  { name: 'unknown-placeholder-is-text', condition: '[BODY].state == [UP]', seen: { body: '{"state": "[UP]"}' }, success: true, shown: '[BODY].state == [UP]' },
  // len()
  { name: 'len-jsonpath', condition: 'len([BODY].data.name) == 4', seen: { body: '{"data": {"name": "john"}}' }, success: true, shown: 'len([BODY].data.name) == 4' },
  { name: 'len-body-array', condition: 'len([BODY]) == 3', seen: { body: '[{"id": 1}, {"id": 2}, {"id": 3}]' }, success: true, shown: 'len([BODY]) == 3' },
  { name: 'len-body-keyed-array', condition: 'len([BODY].data) == 3', seen: { body: '{"data": [{"id": 1}, {"id": 2}, {"id": 3}]}' }, success: true, shown: 'len([BODY].data) == 3' },
  { name: 'len-body-keyed-array-greater', condition: 'len([BODY].items) > 0', seen: { body: '{"items": []}' }, success: false, shown: 'len([BODY].items) (0) > 0' },
  { name: 'len-body-array-invalid', condition: 'len([BODY].data) == 8', seen: { body: '{"name": "john.doe"}' }, success: false, shown: 'len([BODY].data) (INVALID) == 8' },
  { name: 'len-body-missing-compared-as-0', condition: 'len([BODY].items) > 0', seen: { body: '{}' }, success: false, shown: 'len([BODY].items) (0) > 0' },
  { name: 'len-body-string', condition: 'len([BODY]) == 8', seen: { body: 'john.doe' }, success: true, shown: 'len([BODY]) == 8' },
  { name: 'len-body-array-lookalike', condition: 'len([BODY]) == 6', seen: { body: '[oops]' }, success: true, shown: 'len([BODY]) == 6' },
  { name: 'len-body-keyed-string', condition: 'len([BODY].name) == 8', seen: { body: '{"name": "john.doe"}' }, success: true, shown: 'len([BODY].name) == 8' },
  { name: 'len-counts-utf8-bytes', condition: 'len([BODY].name) == 6', seen: { body: '{"name": "h\u00e9llo"}' }, success: true, shown: 'len([BODY].name) == 6' },
  { name: 'len-body-keyed-int', condition: 'len([BODY].age) == 2', seen: { body: '{"age":18}' }, success: true, shown: 'len([BODY].age) == 2' },
  { name: 'len-body-keyed-bool', condition: 'len([BODY].adult) == 4', seen: { body: '{"adult":true}' }, success: true, shown: 'len([BODY].adult) == 4' },
  { name: 'len-body-object-inside-array', condition: 'len([BODY][0]) == 23', seen: { body: '[{"age":18,"adult":true}]' }, success: true, shown: 'len([BODY][0]) == 23' },
  { name: 'len-body-keyed-int-inside-array', condition: 'len([BODY][0].age) == 2', seen: { body: '[{"age":18,"adult":true}]' }, success: true, shown: 'len([BODY][0].age) == 2' },
  { name: 'len-body-keyed-bool-inside-array', condition: 'len([BODY][0].adult) == 4', seen: { body: '[{"age":18,"adult":true}]' }, success: true, shown: 'len([BODY][0].adult) == 4' },
  { name: 'len-body-object', condition: 'len([BODY]) == 20', seen: { body: '{"name": "john.doe"}' }, success: true, shown: 'len([BODY]) == 20' },
  { name: 'len-status', condition: 'len([STATUS]) == 3', seen: { status: 200 }, success: true, shown: 'len([STATUS]) == 3' },
  // pat()
  { name: 'pat-body', condition: '[BODY] == pat(*john*)', seen: { body: '{"name": "john.doe"}' }, success: true, shown: '[BODY] == pat(*john*)' },
  { name: 'pat-jsonpath', condition: '[BODY].name == pat(john*)', seen: { body: '{"name": "john.doe"}' }, success: true, shown: '[BODY].name == pat(john*)' },
  { name: 'pat-jsonpath-failure', condition: '[BODY].name == pat(bob*)', seen: { body: '{"name": "john.doe"}' }, success: false, shown: '[BODY].name (john.doe) == pat(bob*)' },
  { name: 'pat-not-equal', condition: '[BODY].name != pat(bob*)', seen: { body: '{"name": "john.doe"}' }, success: true, shown: '[BODY].name != pat(bob*)' },
  { name: 'pat-body-html', condition: '[BODY] == pat(*<div id="user">john.doe</div>*)', seen: { body: html('john.doe') }, success: true, shown: '[BODY] == pat(*<div id="user">john.doe</div>*)' },
  { name: 'pat-body-html-failure', condition: '[BODY] == pat(*<div id="user">john.doe</div>*)', seen: { body: html('jane.doe') }, success: false, shown: '[BODY] (<!DOCTYPE html><html lang...(truncated)) == pat(*<div id="user">john.doe</div>*)' },
  { name: 'pat-body-html-failure-reversed', condition: 'pat(*<div id="user">john.doe</div>*) == [BODY]', seen: { body: html('jane.doe') }, success: false, shown: 'pat(*<div id="user">john.doe</div>*) == [BODY] (<!DOCTYPE html><html lang...(truncated))' },
  { name: 'pat-body-in-array', condition: '[BODY].data == pat(*Whatever*)', seen: { body: '{"data": ["hello", "world", "Whatever"]}' }, success: true, shown: '[BODY].data == pat(*Whatever*)' },
  { name: 'pat-ip', condition: '[IP] == pat(10.*)', seen: { ip: '10.0.0.0' }, success: true, shown: '[IP] == pat(10.*)' },
  { name: 'pat-ip-failure', condition: '[IP] == pat(10.*)', seen: { ip: '255.255.255.255' }, success: false, shown: '[IP] (255.255.255.255) == pat(10.*)' },
  { name: 'pat-status', condition: '[STATUS] == pat(4*)', seen: { status: 404 }, success: true, shown: '[STATUS] == pat(4*)' },
  { name: 'pat-status-failure', condition: '[STATUS] == pat(4*)', seen: { status: 200 }, success: false, shown: '[STATUS] (200) == pat(4*)' },
  { name: 'pat-status-reversed', condition: 'pat(2??) == [STATUS]', seen: { status: 204 }, success: true, shown: 'pat(2??) == [STATUS]' },
  { name: 'pat-character-class', condition: '[STATUS] == pat(20[0-4])', seen: { status: 205 }, success: false, shown: '[STATUS] (205) == pat(20[0-4])' },
  { name: 'pat-across-lines', condition: '[BODY] == pat(*ready*)', seen: { body: 'line one\nall ready\n' }, success: true, shown: '[BODY] == pat(*ready*)' },
  // any()
  { name: 'any-body-1', condition: '[BODY].name == any(john.doe, jane.doe)', seen: { body: '{"name": "john.doe"}' }, success: true, shown: '[BODY].name == any(john.doe, jane.doe)' },
  { name: 'any-body-2', condition: '[BODY].name == any(john.doe, jane.doe)', seen: { body: '{"name": "jane.doe"}' }, success: true, shown: '[BODY].name == any(john.doe, jane.doe)' },
  { name: 'any-body-failure', condition: '[BODY].name == any(john.doe, jane.doe)', seen: { body: '{"name": "bob"}' }, success: false, shown: '[BODY].name (bob) == any(john.doe, jane.doe)' },
  { name: 'any-status-1', condition: '[STATUS] == any(200, 429)', seen: { status: 200 }, success: true, shown: '[STATUS] == any(200, 429)' },
  { name: 'any-status-2', condition: '[STATUS] == any(200, 429)', seen: { status: 429 }, success: true, shown: '[STATUS] == any(200, 429)' },
  { name: 'any-status-reversed', condition: 'any(200, 429) == [STATUS]', seen: { status: 429 }, success: true, shown: 'any(200, 429) == [STATUS]' },
  { name: 'any-status-failure', condition: '[STATUS] == any(200, 429)', seen: { status: 404 }, success: false, shown: '[STATUS] (404) == any(200, 429)' },
  { name: 'any-not-equal', condition: '[STATUS] != any(500, 502, 503)', seen: { status: 502 }, success: false, shown: '[STATUS] (502) != any(500, 502, 503)' },
  // has()
  { name: 'has', condition: 'has([BODY].errors) == false', seen: { body: '{}' }, success: true, shown: 'has([BODY].errors) == false' },
  { name: 'has-key-of-map', condition: 'has([BODY].article) == true', seen: { body: '{\n  "article": {\n    "id": 123,\n    "tags": ["hello", "world"]\n  }\n}' }, success: true, shown: 'has([BODY].article) == true' },
  { name: 'has-failure', condition: 'has([BODY].errors) == false', seen: { body: '{"errors": ["1"]}' }, success: false, shown: 'has([BODY].errors) (true) == false' },
  { name: 'has-null-is-missing', condition: 'has([BODY].errors) == false', seen: { body: '{"errors": null}' }, success: true, shown: 'has([BODY].errors) == false' },
  { name: 'has-body', condition: 'has([BODY]) == true', seen: { body: ' \n' }, success: false, shown: 'has([BODY]) (false) == true' },
  { name: 'has-ip', condition: 'has([IP]) == true', seen: { ip: null }, success: false, shown: 'has([IP]) (false) == true' },
];

describe('evaluateCondition', () => {
  it.each(scenarios)('$name: $condition', ({ condition, seen, success, shown }) => {
    expect(evaluateCondition(condition, observation(seen))).toEqual({ condition: shown, success });
  });

  it('accepts a condition parsed beforehand', () => {
    const parsed = parseCondition('[STATUS] == 200');
    expect(evaluateCondition(parsed, observation({ status: 503 }))).toEqual({ condition: '[STATUS] (503) == 200', success: false });
  });

  it.each(['[STATUS]==201', '[STATUS] ? 201', '', '[DOMAIN_EXPIRATION] > 720h'])('does not throw on the invalid condition %j: it fails as written', (condition) => {
    expect(evaluateCondition(condition, observation())).toEqual({ condition, success: false });
  });

  it('shows a passing condition exactly as written, spacing included', () => {
    expect(evaluateCondition('  [STATUS]  ==  200 ', observation({ status: 200 }))).toEqual({ condition: '  [STATUS]  ==  200 ', success: true });
  });

  it('reads the same body for several conditions on one observation', () => {
    const seen = observation({ body: '{"a": 1, "b": [1, 2]}' });
    expect(['[BODY].a == 1', 'len([BODY].b) == 2', 'has([BODY].c) == false'].map((c) => evaluateCondition(c, seen).success)).toEqual([true, true, true]);
  });
});
