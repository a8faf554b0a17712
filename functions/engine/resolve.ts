/**
 * Name resolution for a check: resolve once, vet every address, and hand back the
 * one address the connection must use (no second lookup, so no DNS rebinding).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { addressRefusal, type AddressPolicy } from './address-policy.ts';
import { codeOf, describeError, ProbeFailure } from './failure.ts';
import { ipFamily, type IpFamily } from './ip-address.ts';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: IpFamily;
}

/** Resolves a host name to its addresses; rejects when it does not resolve. Injectable for tests. */
export type Lookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The operating system's resolver (getaddrinfo), as a browser would use it. */
export const systemLookup: Lookup = async (hostname) => {
  const addresses = await dnsLookup(hostname, { all: true });
  return addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** The addresses of `host`: the literal itself, or what the resolver returned. Throws ProbeFailure `dns`. */
export async function resolveHost(host: string, lookup: Lookup): Promise<{ addresses: readonly ResolvedAddress[]; resolved: boolean }> {
  const literal = ipFamily(host);
  if (literal) return { addresses: [{ address: host, family: literal }], resolved: false };
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await lookup(host);
  } catch (error) {
    throw new ProbeFailure('dns', codeOf(error, 'resolve_failed'), `could not resolve ${host}: ${describeError(error)}`, { cause: error });
  }
  if (addresses.length === 0) throw new ProbeFailure('dns', 'no_addresses', `could not resolve ${host}: no addresses`);
  return { addresses, resolved: true };
}

/**
 * Vets every address `host` resolved to and returns the first, which the connection
 * must use. One refused address refuses the host: a name that points at a metadata
 * address next to a public one is not to be trusted. Throws ProbeFailure `blocked`.
 */
export function pickAddress(host: string, addresses: readonly ResolvedAddress[], resolved: boolean, policy: AddressPolicy): ResolvedAddress {
  for (const { address } of addresses) {
    const refused = addressRefusal(address, policy);
    if (refused) {
      throw new ProbeFailure('blocked', refused.code, `refused to connect: ${resolved ? `${host} resolves to ` : ''}${refused.reason}`);
    }
  }
  return addresses[0]!;
}
