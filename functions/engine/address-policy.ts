/**
 * The SSRF guard's rules, as pure functions: which addresses a probe may connect to.
 *
 * - Always refused (cause `blocked`), whatever the policy: cloud metadata addresses,
 *   link-local, unspecified, multicast and reserved ranges, including their IPv4
 *   forms hidden in IPv6 (`::ffff:169.254.169.254`, `::ffff:a9fe:a9fe`, NAT64).
 * - Private and loopback ranges follow the policy: `allowPrivate`, or an explicit
 *   allow-list of CIDRs (`allowedRanges`) for cloud users who need a few of them.
 * - Everything else (public addresses) is allowed.
 */
import { BlockList } from 'node:net';
import { ConfigError } from '../core/errors.ts';
import { embeddedIpv4s, ipFamily, withoutZone, type IpFamily } from './ip-address.ts';

export interface AddressPolicy {
  /** Allow loopback and private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, 127/8, ::1). */
  readonly allowPrivate: boolean;
  /** CIDRs (or single addresses) inside the private ranges that are allowed even when `allowPrivate` is false. */
  readonly allowedRanges?: readonly string[];
}

/** One machine watching its own network: private and loopback targets are the point. */
export const LOCAL_POLICY: AddressPolicy = Object.freeze({ allowPrivate: true });
/** A Lambda in someone's VPC: nothing private unless listed in `allowedRanges`. */
export const CLOUD_POLICY: AddressPolicy = Object.freeze({ allowPrivate: false });

export type AddressVerdict =
  | { readonly allowed: true; readonly address: string }
  | { readonly allowed: false; readonly address: string; readonly reason: string };

/** Why an address is refused, as a stable code (the failure code of a `blocked` check). */
export type AddressRefusal =
  | 'not_an_ip_address'
  | 'cloud_metadata_address'
  | 'link_local_address'
  | 'unspecified_address'
  | 'multicast_address'
  | 'reserved_address'
  | 'loopback_address'
  | 'private_address'
  | 'shared_address'
  | 'unique_local_address'
  | 'site_local_address';

interface Range {
  readonly cidr: string;
  readonly label: string;
  readonly code: AddressRefusal;
  readonly list: BlockList;
}

function range(cidr: string, code: AddressRefusal, label: string): Range {
  const list = new BlockList();
  const [network = '', prefix = ''] = cidr.split('/');
  list.addSubnet(network, Number(prefix), ipFamily(network) === 6 ? 'ipv6' : 'ipv4');
  return { cidr, label, code, list };
}

/** Order matters: the most specific label first (metadata inside link-local, CGNAT, ULA). */
const ALWAYS_REFUSED: readonly Range[] = [
  range('169.254.169.254/32', 'cloud_metadata_address', 'a cloud metadata address (AWS, GCP, Azure)'),
  range('fd00:ec2::254/128', 'cloud_metadata_address', 'a cloud metadata address (AWS, IPv6)'),
  range('100.100.100.200/32', 'cloud_metadata_address', 'a cloud metadata address (Alibaba Cloud)'),
  range('192.0.0.192/32', 'cloud_metadata_address', 'a cloud metadata address (Oracle Cloud)'),
  range('169.254.0.0/16', 'link_local_address', 'link-local'),
  range('fe80::/10', 'link_local_address', 'link-local'),
  range('0.0.0.0/8', 'unspecified_address', 'in the unspecified range 0.0.0.0/8'),
  range('::/128', 'unspecified_address', 'the unspecified address'),
  range('224.0.0.0/4', 'multicast_address', 'multicast'),
  range('ff00::/8', 'multicast_address', 'multicast'),
  range('240.0.0.0/4', 'reserved_address', 'reserved (240.0.0.0/4, including broadcast)'),
];

const PRIVATE: readonly Range[] = [
  range('127.0.0.0/8', 'loopback_address', 'loopback'),
  range('::1/128', 'loopback_address', 'loopback'),
  range('10.0.0.0/8', 'private_address', 'private'),
  range('172.16.0.0/12', 'private_address', 'private'),
  range('192.168.0.0/16', 'private_address', 'private'),
  range('100.64.0.0/10', 'shared_address', 'shared address space (carrier-grade NAT)'),
  range('fc00::/7', 'unique_local_address', 'unique local (private)'),
  range('fec0::/10', 'site_local_address', 'site-local (private)'),
];

function familyName(family: IpFamily): 'ipv4' | 'ipv6' {
  return family === 4 ? 'ipv4' : 'ipv6';
}

function find(ranges: readonly Range[], address: string, family: IpFamily): Range | undefined {
  return ranges.find((r) => r.list.check(address, familyName(family)));
}

/** Parses `10.1.0.0/16`, `fd12::/48` or a single address; `null` when malformed. */
export function parseCidr(text: string): { network: string; prefix: number; family: IpFamily } | null {
  const [network = '', prefixText, extra] = text.trim().split('/');
  const family = ipFamily(network);
  if (!family || network.includes('%') || extra !== undefined) return null;
  const max = family === 4 ? 32 : 128;
  if (prefixText === undefined) return { network, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= max ? { network, prefix, family } : null;
}

/** Problems with a policy, one message per bad `allowedRanges` entry; empty when it is fine. */
export function addressPolicyIssues(policy: AddressPolicy): string[] {
  return (policy.allowedRanges ?? []).flatMap((entry, i) =>
    parseCidr(entry) ? [] : [`allowedRanges[${i}]: ${JSON.stringify(entry)} is not a CIDR such as 10.1.0.0/16`],
  );
}

const compiled = new WeakMap<AddressPolicy, BlockList>();

function allowList(policy: AddressPolicy): BlockList {
  let list = compiled.get(policy);
  if (!list) {
    const issues = addressPolicyIssues(policy);
    if (issues.length > 0) throw new ConfigError(`invalid address policy: ${issues.join('; ')}`);
    list = new BlockList();
    for (const entry of policy.allowedRanges ?? []) {
      const cidr = parseCidr(entry)!;
      list.addSubnet(cidr.network, cidr.prefix, familyName(cidr.family));
    }
    compiled.set(policy, list);
  }
  return list;
}

/** Throws ConfigError naming every malformed `allowedRanges` entry. Call at startup. */
export function assertValidAddressPolicy(policy: AddressPolicy): void {
  allowList(policy);
}

/** May the probe connect to `address` under `policy`? A refusal says why, in words. */
export function vetAddress(address: string, policy: AddressPolicy): AddressVerdict {
  const refused = addressRefusal(address, policy);
  return refused === null ? { allowed: true, address } : { allowed: false, address, reason: refused.reason };
}

/** Why `address` is refused under `policy`, as a code and in words; `null` when it is allowed. */
export function addressRefusal(address: string, policy: AddressPolicy): { readonly code: AddressRefusal; readonly reason: string } | null {
  const family = ipFamily(address);
  if (!family) return { code: 'not_an_ip_address', reason: `${address} is not an IP address` };
  const plain = withoutZone(address);
  const embedded = family === 6 ? embeddedIpv4s(plain) : [];
  // An address that embeds IPv4 is judged by every IPv4 address it may reach.
  const subjects: readonly { subject: string; subjectFamily: IpFamily; shown: string }[] =
    embedded.length === 0
      ? [{ subject: plain, subjectFamily: family, shown: address }]
      : embedded.map(({ kind, ipv4 }) => ({ subject: ipv4, subjectFamily: 4, shown: `${address} (${kind} ${ipv4})` }));

  for (const { subject, subjectFamily, shown } of subjects) {
    const refused = find(ALWAYS_REFUSED, subject, subjectFamily);
    if (refused) return { code: refused.code, reason: `${shown} is ${refused.label} and is never probed` };
  }
  for (const { subject, subjectFamily, shown } of subjects) {
    const internal = find(PRIVATE, subject, subjectFamily);
    if (internal && !policy.allowPrivate && !allowList(policy).check(subject, familyName(subjectFamily))) {
      return {
        code: internal.code,
        reason: `${shown} is ${internal.label} (${internal.cidr}) and the address policy does not allow private addresses`,
      };
    }
  }
  return null;
}
