/**
 * The monitor types: one schema per type with its fields and defaults and field-named
 * errors; Gatus' endpoint types in the YAML import; the target text people and the
 * public ledger read.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.ts';
import { parseConfigFile } from '../../functions/core/gatus-config.ts';
import { publicUrl } from '../../functions/core/ledger/public-text.ts';
import { effectiveConditions, parseMonitorDefinition } from '../../functions/core/monitor.ts';
import { monitorTarget, publicTarget } from '../../functions/core/monitor-types/target.ts';
import { CheckJobMessageSchema, probeRequestOf, ProbeRequestSchema } from '../../functions/core/messages.ts';

function issues(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('monitor types', () => {
  it('http is the default: a body without type is an http monitor, as before', () => {
    expect(parseMonitorDefinition({ name: 'a', url: 'https://a.example' })).toMatchObject({ type: 'http', method: 'GET', conditions: [] });
  });

  it('each type fills its own defaults', () => {
    expect(parseMonitorDefinition({ type: 'tcp', name: 't', url: 'tcp://db.internal:5432' })).toEqual({
      type: 'tcp', name: 't', url: 'tcp://db.internal:5432', readBytes: 1024, intervalSeconds: 60, timeoutMs: 10_000, conditions: [], regions: [], tags: [], paused: false,
      failureThreshold: 1, successThreshold: 2, alerts: { email: [], webhooks: [] }, maintenance: [],
    });
    expect(parseMonitorDefinition({ type: 'tls', name: 't', url: 'tls://mail.example:465' })).toMatchObject({ verifyTls: true, certExpiryWarningDays: [30, 14, 7] });
    expect(parseMonitorDefinition({ type: 'dns', name: 'd', queryName: 'example.org' })).toMatchObject({ queryType: 'A', transport: 'udp' });
  });

  it.each([
    [{ type: 'tcp' }, 'conditions default to [CONNECTED] == true', '[CONNECTED] == true'],
    [{ type: 'tls' }, 'as for tls', '[CONNECTED] == true'],
    [{ type: 'dns' }, 'dns to NOERROR', '[DNS_RCODE] == NOERROR'],
    [{}, 'http to a status below 400', '[STATUS] < 400'],
  ])('%j: %s', (type, _what, condition) => {
    expect(effectiveConditions({ ...type, conditions: [] } as Parameters<typeof effectiveConditions>[0])).toEqual([condition]);
  });

  it.each([
    [{ type: 'udp', name: 'a' }, 'type', 'must be one of http, tcp, tls, dns (http when absent)'],
    [{ type: 'tcp', name: 'a', url: 'tcp://db.internal' }, 'url', 'needs a port: tcp://db.internal:<port>'],
    [{ type: 'tcp', name: 'a', url: 'https://db.internal:5432' }, 'url', 'scheme https is not supported here; use tcp://host:port'],
    [{ type: 'tcp', name: 'a', url: 'tcp://db.internal:70000' }, 'url', 'port 70000 is out of range (1 to 65535)'],
    [{ type: 'tcp', name: 'a', url: 'tcp://user:pw@db.internal:1' }, 'url', 'credentials are not allowed in the address'],
    [{ type: 'tcp', name: 'a', url: 'tcp://db:1', method: 'GET' }, '', 'Unrecognized key: "method"'],
    [{ type: 'tcp', name: 'a', url: 'tcp://db:1', readBytes: 0 }, 'readBytes', 'Too small: expected number to be >=1'],
    [{ type: 'tls', name: 'a', url: 'tls://mail:25', starttls: 'ftp' }, 'starttls', 'Invalid option: expected one of "smtp"|"imap"|"pop3"'],
    [{ type: 'dns', name: 'a', queryName: 'example.org', queryType: 'ANY' }, 'queryType', 'Invalid option: expected one of "A"|"AAAA"|"CNAME"|"MX"|"NS"|"TXT"|"SRV"|"SOA"|"CAA"|"PTR"'],
    [{ type: 'dns', name: 'a', queryName: 'exa mple.org' }, 'queryName', 'must be a domain name (labels of letters, digits, - and _, separated by dots)'],
    [{ type: 'dns', name: 'a', queryName: 'a.org', resolver: '8.8.8.8:99999' }, 'resolver', 'port 99999 is out of range (1 to 65535)'],
    [{ type: 'dns', name: 'a', queryName: 'a.org', resolver: 'https://dns.google/' }, 'resolver', '"https://dns.google/" is not an IP address or host name (host[:port], port 53 by default; dns://host[:port] is accepted)'],
  ])('%j is refused naming %s', (input, path, message) => {
    expect(issues(() => parseMonitorDefinition(input))).toContainEqual({ path, message });
  });

  it.each(['8.8.8.8', '8.8.8.8:5353', '[2001:db8::53]:53', '2001:db8::53', 'ns1.example.org', 'dns://1.1.1.1'])('accepts the resolver %s', (resolver) => {
    expect(parseMonitorDefinition({ type: 'dns', name: 'a', queryName: 'a.org', resolver })).toMatchObject({ resolver });
  });
});

describe('targets', () => {
  it.each([
    [{ url: 'https://shop.example/health?token=x' }, 'https://shop.example/health?token=x', 'https://shop.example'],
    [{ type: 'tcp', url: 'tcp://db.internal:5432' }, 'tcp://db.internal:5432', 'tcp://db.internal:5432'],
    [{ type: 'tls', url: 'tls://mail.example:25', starttls: 'smtp' }, 'tls://mail.example:25 (STARTTLS smtp)', 'tls://mail.example:25'],
    [{ type: 'dns', queryName: 'example.org', queryType: 'MX', resolver: '10.0.0.53' }, 'dns://10.0.0.53/example.org?type=MX', 'dns:example.org?type=MX'],
    [{ type: 'dns', queryName: 'example.org', queryType: 'A', resolver: '2001:db8::53' }, 'dns://[2001:db8::53]/example.org?type=A', 'dns:example.org?type=A'],
    [{ type: 'dns', queryName: 'example.org', queryType: 'A' }, 'dns:example.org?type=A', 'dns:example.org?type=A'],
  ] as const)('%j reads %s, publicly %s (no path, query or resolver address)', (monitor, text, publicText) => {
    expect(monitorTarget(monitor)).toBe(text);
    expect(publicTarget(monitor, (url) => publicUrl(url))).toBe(publicText);
  });
});

describe('Gatus endpoint types in the YAML import', () => {
  it("reads tcp://, tls://, starttls:// and dns blocks as Gatus' own examples write them", () => {
    const { monitors } = parseConfigFile(`
endpoints:
  - name: database
    url: "tcp://db-server:5432"
    interval: 30s
    conditions:
      - "[CONNECTED] == true"
  - name: redis
    url: "tcp://127.0.0.1:6379"
    body: "PING\\r\\n"
  - name: gatus-newline
    url: "tcp://127.0.0.1:7"
    body: 'hello\\n'
    conditions:
      - "[BODY] == pat(*PONG*)"
  - name: smtps
    url: "tls://mail.example.org:465"
    conditions:
      - "[CONNECTED] == true"
      - "[CERTIFICATE_EXPIRATION] > 48h"
  - name: smtp-starttls
    url: "starttls://mail.example.org:587"
    conditions:
      - "[CONNECTED] == true"
  - name: dns
    url: "8.8.8.8"
    dns:
      query-name: "example.com"
      query-type: "A"
    conditions:
      - "[BODY] == pat(*.*.*.*)"
      - "[DNS_RCODE] == NOERROR"
  - name: dns-uri
    url: "dns://1.1.1.1"
    dns:
      query-name: "one.one.one.one"
      query-type: "a"
    conditions:
      - "[BODY] == any(1.1.1.1, 1.0.0.1)"
`);
    expect(monitors.map((m) => [m.name, m.type, monitorTarget(m)])).toEqual([
      ['database', 'tcp', 'tcp://db-server:5432'],
      ['redis', 'tcp', 'tcp://127.0.0.1:6379'],
      ['gatus-newline', 'tcp', 'tcp://127.0.0.1:7'],
      ['smtps', 'tls', 'tls://mail.example.org:465'],
      ['smtp-starttls', 'tls', 'tls://mail.example.org:587 (STARTTLS smtp)'],
      ['dns', 'dns', 'dns://8.8.8.8/example.com?type=A'],
      ['dns-uri', 'dns', 'dns://1.1.1.1/one.one.one.one?type=A'],
    ]);
    expect(monitors[1]).toMatchObject({ body: 'PING\r\n' });
    // Gatus turns the two characters \n of a tcp body into a newline; so does the import.
    expect(monitors[2]).toMatchObject({ body: 'hello\n' });
    expect(monitors[0]).toMatchObject({ intervalSeconds: 30 });
  });

  it.each([
    ['icmp://10.0.0.1', 'ICMP (ping) is not supported: AWS Lambda cannot send ICMP'],
    ['udp://10.0.0.1:53', 'UDP endpoints are not supported'],
    ['ssh://10.0.0.1:22', 'SSH checks are not supported'],
    ['wss://ws.example.org', 'WebSocket checks are not supported'],
  ])('%s is refused with the reason', (url, message) => {
    expect(issues(() => parseConfigFile(`endpoints:\n  - name: a\n    url: "${url}"\n`))).toEqual([{ path: 'endpoints[0].url', message: expect.stringContaining(message) }]);
  });

  it('names a bad dns block by its Gatus keys', () => {
    expect(issues(() => parseConfigFile('endpoints:\n  - name: a\n    url: 8.8.8.8\n    dns:\n      query-name: "a b"\n      query-type: ANY\n      recursive: true\n'))).toEqual([
      { path: 'endpoints[0].dns.recursive', message: 'unknown key (dns takes query-name and query-type)' },
      { path: 'endpoints[0].dns.query-name', message: 'must be a domain name (labels of letters, digits, - and _, separated by dots)' },
      { path: 'endpoints[0].dns.query-type', message: expect.stringContaining('Invalid option') },
    ]);
  });
});

describe('monitors of every type travel in the queue messages the AWS functions read', () => {
  it.each([
    { type: 'tcp', name: 't', url: 'tcp://db.internal:5432' },
    { type: 'tls', name: 's', url: 'tls://mail.example:587', starttls: 'smtp' },
    { type: 'dns', name: 'd', queryName: 'example.org', queryType: 'MX', resolver: '10.0.0.53' },
  ])('$type: a probe request and a check job carry it unchanged', (input) => {
    const definition = parseMonitorDefinition(input);
    expect(ProbeRequestSchema.parse(JSON.parse(JSON.stringify(probeRequestOf(definition)))).monitor).toEqual(definition);
    const monitor = { ...definition, id: 'm1', createdAt: '2026-12-04T00:00:00.000Z', updatedAt: '2026-12-04T00:00:00.000Z' };
    const job = { jobId: 'j1', monitor, region: 'eu-west-1', scheduledFor: '2026-12-04T00:01:00.000Z' };
    const parsed = CheckJobMessageSchema.parse(JSON.parse(JSON.stringify({ jobs: [job] })));
    expect('jobs' in parsed && parsed.jobs[0]!.monitor).toEqual(monitor);
  });
});
