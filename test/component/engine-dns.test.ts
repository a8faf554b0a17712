/**
 * dns monitors against a DNS server on loopback built with dns-packet: each record
 * type, NXDOMAIN, SERVFAIL, a truncated UDP answer (asked again over TCP), a server
 * that never answers, one that answers with garbage; the resolver through the SSRF
 * guard; the system's resolver; Gatus' conditions on [DNS_RCODE] and [BODY].
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMonitorDefinition } from '../../functions/core/monitor.ts';
import { CLOUD_POLICY, runCheck } from '../../functions/engine/index.ts';
import { startDnsServer, type DnsServer, type DnsZone } from '../helpers/protocol-servers.ts';

const ZONE: DnsZone = {
  'example.test/A': [
    { type: 'A', name: 'example.test', ttl: 60, data: '192.0.2.1' },
    { type: 'A', name: 'example.test', ttl: 60, data: '192.0.2.2' },
  ],
  'example.test/AAAA': [{ type: 'AAAA', name: 'example.test', ttl: 60, data: '2001:db8::1' }],
  'www.example.test/CNAME': [{ type: 'CNAME', name: 'www.example.test', ttl: 60, data: 'example.test' }],
  'example.test/MX': [{ type: 'MX', name: 'example.test', ttl: 60, data: { preference: 10, exchange: 'mail.example.test' } }],
  'example.test/NS': [{ type: 'NS', name: 'example.test', ttl: 60, data: 'ns1.example.test' }],
  'example.test/TXT': [{ type: 'TXT', name: 'example.test', ttl: 60, data: ['v=spf1 -all'] }],
  '_sip._tcp.example.test/SRV': [{ type: 'SRV', name: '_sip._tcp.example.test', ttl: 60, data: { priority: 10, weight: 5, port: 5060, target: 'sip.example.test' } }],
  'example.test/SOA': [
    {
      type: 'SOA',
      name: 'example.test',
      ttl: 60,
      data: { mname: 'ns1.example.test', rname: 'hostmaster.example.test', serial: 2026120401, refresh: 3600, retry: 600, expire: 604800, minimum: 60 },
    },
  ],
  'example.test/CAA': [{ type: 'CAA', name: 'example.test', ttl: 60, data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } }],
  '1.2.0.192.in-addr.arpa/PTR': [{ type: 'PTR', name: '1.2.0.192.in-addr.arpa', ttl: 60, data: 'example.test' }],
  'broken.test/A': [],
};

let server: DnsServer;
let silent: DnsServer;
let garbage: DnsServer;
let truncating: DnsServer;

beforeAll(async () => {
  [server, silent, garbage, truncating] = await Promise.all([
    startDnsServer(ZONE, { servfail: ['broken.test'] }),
    startDnsServer(ZONE, { mode: 'silent' }),
    startDnsServer(ZONE, { mode: 'garbage' }),
    startDnsServer(ZONE, { truncateUdp: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([server.close(), silent.close(), garbage.close(), truncating.close()]);
});

const dns = (port: number, fields: Record<string, unknown>) =>
  parseMonitorDefinition({ type: 'dns', name: 'd', resolver: `127.0.0.1:${port}`, timeoutMs: 1500, ...fields });

describe('dns checks', () => {
  it.each([
    ['A', 'example.test', '192.0.2.2', ['A 192.0.2.1', 'A 192.0.2.2']],
    ['AAAA', 'example.test', '2001:db8::1', ['AAAA 2001:db8::1']],
    ['CNAME', 'www.example.test', 'example.test.', ['CNAME example.test.']],
    ['MX', 'example.test', 'mail.example.test.', ['MX 10 mail.example.test.']],
    ['NS', 'example.test', 'ns1.example.test.', ['NS ns1.example.test.']],
    ['TXT', 'example.test', 'v=spf1 -all', ['TXT "v=spf1 -all"']],
    ['SRV', '_sip._tcp.example.test', '10 5 5060 sip.example.test.', ['SRV 10 5 5060 sip.example.test.']],
    ['SOA', 'example.test', 'ns1.example.test. hostmaster.example.test. 2026120401 3600 600 604800 60', ['SOA ns1.example.test. hostmaster.example.test. 2026120401 3600 600 604800 60']],
    ['CAA', 'example.test', '0 issue "letsencrypt.org"', ['CAA 0 issue "letsencrypt.org"']],
    ['PTR', '1.2.0.192.in-addr.arpa', 'example.test.', ['PTR example.test.']],
  ])('%s: NOERROR, [BODY] is the last answer as Gatus reads it, every answer in the result', async (queryType, queryName, body, answers) => {
    const result = await runCheck(dns(server.port, { queryName, queryType, conditions: ['[DNS_RCODE] == NOERROR', `[BODY] == ${body}`] }), { region: 'local-a' });
    expect(result).toMatchObject({ success: true, cause: null, connected: true, method: 'DNS', remoteIp: '127.0.0.1', bodyExcerpt: body });
    expect(result.dns).toEqual({ resolver: `127.0.0.1:${server.port}`, transport: 'udp', queryName, queryType, rcode: 'NOERROR', answers });
    expect(result.url).toBe(`dns://127.0.0.1:${server.port}/${queryName}?type=${queryType}`);
  });

  it('the default condition is [DNS_RCODE] == NOERROR', async () => {
    const result = await runCheck(dns(server.port, { queryName: 'example.test' }));
    expect(result.conditions).toEqual([{ condition: '[DNS_RCODE] == NOERROR', success: true }]);
  });

  it('Gatus: [BODY] == any(...) matches one of several addresses', async () => {
    const result = await runCheck(dns(server.port, { queryName: 'example.test', conditions: ['[BODY] == any(192.0.2.1, 192.0.2.2)', '[BODY] == pat(192.0.2.*)'] }));
    expect(result.success).toBe(true);
  });

  it('NXDOMAIN is an answer: the condition fails showing the rcode, cause condition; [DNS_RCODE] == NXDOMAIN passes', async () => {
    const result = await runCheck(dns(server.port, { queryName: 'nowhere.test' }));
    expect(result).toMatchObject({ success: false, cause: 'condition', connected: true, bodyExcerpt: '' });
    expect(result.conditions).toEqual([{ condition: '[DNS_RCODE] (NXDOMAIN) == NOERROR', success: false }]);
    expect(await runCheck(dns(server.port, { queryName: 'nowhere.test', conditions: ['[DNS_RCODE] == NXDOMAIN'] }))).toMatchObject({ success: true });
  });

  it('SERVFAIL fails the default condition', async () => {
    const result = await runCheck(dns(server.port, { queryName: 'broken.test' }));
    expect(result.conditions).toEqual([{ condition: '[DNS_RCODE] (SERVFAIL) == NOERROR', success: false }]);
  });

  it('a truncated UDP answer is asked again over TCP', async () => {
    const before = truncating.queries.length;
    const result = await runCheck(dns(truncating.port, { queryName: 'example.test', conditions: ['[BODY] == 192.0.2.2'] }));
    expect(result).toMatchObject({ success: true });
    expect(result.dns?.transport).toBe('tcp');
    expect(truncating.queries.slice(before)).toEqual(['udp example.test/A', 'tcp example.test/A']);
  });

  it('transport: tcp asks over TCP only', async () => {
    const before = server.queries.length;
    const result = await runCheck(dns(server.port, { queryName: 'example.test', queryType: 'AAAA', transport: 'tcp' }));
    expect(result).toMatchObject({ success: true, dns: { transport: 'tcp', rcode: 'NOERROR' } });
    expect(server.queries.slice(before)).toEqual(['tcp example.test/AAAA']);
  });

  it('a resolver that never answers: cause timeout, [DNS_RCODE] not evaluated', async () => {
    const result = await runCheck(dns(silent.port, { queryName: 'example.test', timeoutMs: 300 }));
    expect(result).toMatchObject({ success: false, cause: 'timeout', errorCode: 'waiting_for_response', connected: false, dns: null });
    expect(result.conditions).toEqual([{ condition: '[DNS_RCODE] == NOERROR (not evaluated: no response)', success: false }]);
  });

  it('a resolver that answers with garbage: cause protocol', async () => {
    const result = await runCheck(dns(garbage.port, { queryName: 'example.test' }));
    expect(result).toMatchObject({ success: false, cause: 'protocol', errorCode: 'malformed_dns_message' });
  });

  it('the resolver goes through the SSRF guard: loopback refused in the cloud, metadata always', async () => {
    expect(await runCheck(dns(server.port, { queryName: 'example.test' }), { policy: CLOUD_POLICY })).toMatchObject({ success: false, cause: 'blocked' });
    const metadata = await runCheck(parseMonitorDefinition({ type: 'dns', name: 'm', resolver: '169.254.169.254', queryName: 'example.test' }));
    expect(metadata).toMatchObject({ success: false, cause: 'blocked', errorCode: 'cloud_metadata_address' });
  });

  it("without a resolver, the system's first resolver is asked (injected here)", async () => {
    const result = await runCheck(parseMonitorDefinition({ type: 'dns', name: 's', queryName: 'example.test', timeoutMs: 1500 }), {
      systemResolvers: () => [`127.0.0.1:${server.port}`],
    });
    expect(result).toMatchObject({ success: true, dns: { resolver: `127.0.0.1:${server.port}` }, url: 'dns:example.test?type=A' });
    const none = await runCheck(parseMonitorDefinition({ type: 'dns', name: 's', queryName: 'example.test' }), { systemResolvers: () => [] });
    expect(none).toMatchObject({ success: false, cause: 'dns', errorCode: 'no_system_resolver' });
  });
});
