import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.ts';
import {
  addressPolicyIssues,
  assertValidAddressPolicy,
  CLOUD_POLICY,
  LOCAL_POLICY,
  parseCidr,
  vetAddress,
  type AddressPolicy,
} from '../../functions/engine/address-policy.ts';
import { embeddedIpv4, embeddedIpv4s, ipv6Groups, stripBrackets } from '../../functions/engine/ip-address.ts';

describe('vetAddress: always refused, whatever the policy', () => {
  it.each([
    ['169.254.169.254', 'a cloud metadata address (AWS, GCP, Azure)'],
    ['fd00:ec2::254', 'a cloud metadata address (AWS, IPv6)'],
    ['FD00:EC2:0:0:0:0:0:254', 'a cloud metadata address (AWS, IPv6)'],
    ['100.100.100.200', 'a cloud metadata address (Alibaba Cloud)'],
    ['192.0.0.192', 'a cloud metadata address (Oracle Cloud)'],
    ['169.254.0.1', 'link-local'],
    ['169.254.255.255', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['::ffff:169.254.169.254', 'a cloud metadata address (AWS, GCP, Azure)'],
    ['::ffff:a9fe:a9fe', 'a cloud metadata address (AWS, GCP, Azure)'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'a cloud metadata address (AWS, GCP, Azure)'],
    ['::ffff:169.254.1.1', 'link-local'],
    ['::169.254.169.254', 'a cloud metadata address (AWS, GCP, Azure)'],
    ['64:ff9b::a9fe:a9fe', 'a cloud metadata address (AWS, GCP, Azure)'],
    ['0.0.0.0', 'in the unspecified range 0.0.0.0/8'],
    ['0.1.2.3', 'in the unspecified range 0.0.0.0/8'],
    ['::', 'the unspecified address'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved (240.0.0.0/4, including broadcast)'],
  ])('%s is %s', (address, label) => {
    for (const policy of [LOCAL_POLICY, CLOUD_POLICY, { allowPrivate: false, allowedRanges: ['0.0.0.0/0', '::/0'] }]) {
      const verdict = vetAddress(address, policy);
      expect(verdict.allowed).toBe(false);
      expect(verdict.allowed ? '' : verdict.reason).toContain(`is ${label} and is never probed`);
    }
  });

  it('names the IPv4 address hidden in an IPv6 form', () => {
    expect(vetAddress('::ffff:a9fe:a9fe', LOCAL_POLICY)).toEqual({
      allowed: false,
      address: '::ffff:a9fe:a9fe',
      reason: '::ffff:a9fe:a9fe (IPv4-mapped 169.254.169.254) is a cloud metadata address (AWS, GCP, Azure) and is never probed',
    });
  });

  it.each(['example.com', '', '1.2.3', '999.1.1.1', '[::1]'])('refuses %j, which is not an IP address', (text) => {
    expect(vetAddress(text, LOCAL_POLICY)).toEqual({ allowed: false, address: text, reason: `${text} is not an IP address` });
  });
});

describe('vetAddress: private and loopback follow the policy', () => {
  it.each([
    ['127.0.0.1', 'loopback', '127.0.0.0/8'],
    ['127.255.0.9', 'loopback', '127.0.0.0/8'],
    ['::1', 'loopback', '::1/128'],
    ['::ffff:127.0.0.1', 'loopback', '127.0.0.0/8'],
    ['10.0.0.1', 'private', '10.0.0.0/8'],
    ['172.16.0.1', 'private', '172.16.0.0/12'],
    ['172.31.255.254', 'private', '172.16.0.0/12'],
    ['192.168.1.1', 'private', '192.168.0.0/16'],
    ['100.64.0.1', 'shared address space (carrier-grade NAT)', '100.64.0.0/10'],
    ['100.127.255.254', 'shared address space (carrier-grade NAT)', '100.64.0.0/10'],
    ['fc00::1', 'unique local (private)', 'fc00::/7'],
    ['fd12:3456::1', 'unique local (private)', 'fc00::/7'],
    ['::ffff:10.1.2.3', 'private', '10.0.0.0/8'],
  ])('%s (%s) is allowed locally and refused in the cloud', (address, label, cidr) => {
    expect(vetAddress(address, LOCAL_POLICY)).toEqual({ allowed: true, address });
    const verdict = vetAddress(address, CLOUD_POLICY);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed ? '' : verdict.reason).toContain(`is ${label} (${cidr}) and the address policy does not allow private addresses`);
  });

  const vpc: AddressPolicy = { allowPrivate: false, allowedRanges: ['10.20.0.0/16', 'fd12::/16', '192.168.1.10'] };

  it.each([
    ['10.20.3.4', true],
    ['::ffff:10.20.3.4', true],
    ['10.21.0.1', false],
    ['fd12:1::1', true],
    ['fd13::1', false],
    ['192.168.1.10', true],
    ['192.168.1.11', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
  ])('with allowedRanges, %s allowed: %s', (address, allowed) => {
    expect(vetAddress(address, vpc).allowed).toBe(allowed);
  });

  it('cannot re-allow an always-refused address through allowedRanges', () => {
    expect(vetAddress('169.254.169.254', { allowPrivate: false, allowedRanges: ['169.254.0.0/16'] }).allowed).toBe(false);
    expect(vetAddress('fd00:ec2::254', { allowPrivate: true, allowedRanges: ['fd00::/8'] }).allowed).toBe(false);
  });
});

describe('vetAddress: public addresses', () => {
  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '169.253.255.255', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    '%s is allowed under every policy',
    (address) => {
      expect(vetAddress(address, CLOUD_POLICY)).toEqual({ allowed: true, address });
      expect(vetAddress(address, LOCAL_POLICY)).toEqual({ allowed: true, address });
    },
  );
});

describe('address policy validation', () => {
  it.each([
    ['10.0.0.0/8', { network: '10.0.0.0', prefix: 8, family: 4 }],
    ['10.0.0.1', { network: '10.0.0.1', prefix: 32, family: 4 }],
    [' fd00::/8 ', { network: 'fd00::', prefix: 8, family: 6 }],
    ['::1', { network: '::1', prefix: 128, family: 6 }],
  ])('parses %j', (text, expected) => {
    expect(parseCidr(text)).toEqual(expected);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', '10.0.0.0/x', '10.0.0.0/8/8', 'example.com/8', '', '10.0.0/8', 'fe80::1%eth0/64'])(
    'rejects %j',
    (text) => {
      expect(parseCidr(text)).toBeNull();
    },
  );

  it('names every bad entry', () => {
    const policy = { allowPrivate: false, allowedRanges: ['10.0.0.0/8', 'nope', '1.2.3.4/40'] };
    expect(addressPolicyIssues(policy)).toEqual([
      'allowedRanges[1]: "nope" is not a CIDR such as 10.1.0.0/16',
      'allowedRanges[2]: "1.2.3.4/40" is not a CIDR such as 10.1.0.0/16',
    ]);
    expect(() => assertValidAddressPolicy(policy)).toThrow(ConfigError);
    expect(() => vetAddress('10.0.0.1', policy)).toThrow(ConfigError);
    expect(() => assertValidAddressPolicy(CLOUD_POLICY)).not.toThrow();
  });
});

describe('ip-address helpers', () => {
  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['fe80::1%eth0', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]],
    ['2001:db8:0:0:1:0:0:1', [0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]],
    ['2001:db8::', [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]],
    ['1.2.3.4', null],
  ])('ipv6Groups(%j)', (text, groups) => {
    expect(ipv6Groups(text)).toEqual(groups);
  });

  it.each([
    ['::ffff:a9fe:a9fe', { kind: 'IPv4-mapped', ipv4: '169.254.169.254' }],
    ['::a9fe:a9fe', { kind: 'IPv4-compatible', ipv4: '169.254.169.254' }],
    ['64:ff9b::7f00:1', { kind: 'NAT64', ipv4: '127.0.0.1' }],
    ['::1', null],
    ['::', null],
    ['2001:db8::a9fe:a9fe', null],
    ['2002:a9fe:a9fe::1', { kind: '6to4', ipv4: '169.254.169.254' }],
    ['64:ff9b:1::a9fe:a9fe', { kind: 'NAT64 local-use', ipv4: '169.254.169.254' }],
    ['2001:0:4136:e378:8000:63bf:5601:5601', { kind: 'Teredo', ipv4: '169.254.169.254' }],
  ])('embeddedIpv4(%j)', (text, expected) => {
    expect(embeddedIpv4(text)).toEqual(expected);
  });

  it.each([
    // RFC 6052 section 2.4's example address 192.0.2.33 under 64:ff9b:1::/48 at each prefix length:
    // the layout's own reading, plus the readings of the other layouts whose suffix is zero too.
    ['/96', '64:ff9b:1::c000:221', ['192.0.2.33']],
    ['/64', '64:ff9b:1:0:c0:2:2100:0', ['192.0.2.33']],
    ['/56', '64:ff9b:1:c0:0:221::', ['192.0.2.33', '0.2.33.0']],
    ['/48', '64:ff9b:1:c000:2:2100::', ['192.0.2.33', '0.2.33.0', '2.33.0.0']],
  ])('reads a local-use NAT64 address in the %s layout', (_layout, text, ipv4s) => {
    expect(embeddedIpv4s(text).map((e) => e.ipv4).sort()).toEqual([...ipv4s].sort());
  });

  describe('every address of 169.254.0.0/16, in every IPv6 form that embeds IPv4, is refused as blocked', () => {
    const hex = (n: number) => n.toString(16);
    const forms: readonly [string, (high: number, low: number) => string][] = [
      ['IPv4-mapped', (h, l) => `::ffff:${hex(h)}:${hex(l)}`],
      ['IPv4-compatible', (h, l) => `::${hex(h)}:${hex(l)}`],
      ['NAT64', (h, l) => `64:ff9b::${hex(h)}:${hex(l)}`],
      ['NAT64 local-use /96', (h, l) => `64:ff9b:1::${hex(h)}:${hex(l)}`],
      ['NAT64 local-use /64', (h, l) => `64:ff9b:1:0:${hex(h >> 8)}:${hex(((h & 0xff) << 8) | (l >> 8))}:${hex((l & 0xff) << 8)}:0`],
      ['6to4', (h, l) => `2002:${hex(h)}:${hex(l)}::1`],
      ['Teredo', (h, l) => `2001:0:4136:e378:8000:63bf:${hex(h ^ 0xffff)}:${hex(l ^ 0xffff)}`],
    ];
    it.each(forms)('%s', (_kind, embed) => {
      const wrong: string[] = [];
      for (let low = 0; low <= 0xffff; low++) {
        const address = embed(0xa9fe, low);
        const verdict = vetAddress(address, LOCAL_POLICY);
        if (verdict.allowed || !/(link-local|metadata)/.test(verdict.reason)) wrong.push(address);
      }
      expect(wrong.slice(0, 5)).toEqual([]);
    });
  });

  it('strips the brackets of a URL host', () => {
    expect(stripBrackets(new URL('http://[::ffff:169.254.169.254]/').hostname)).toBe('::ffff:a9fe:a9fe');
    expect(stripBrackets('example.com')).toBe('example.com');
  });
});
