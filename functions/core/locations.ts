/**
 * Locations and the networks they check over. A location is where a check runs: an AWS
 * region, a logical region of the local mode, or a probe agent. Independence comes from
 * the network, not the name: the logical regions of the local mode are one machine on one
 * network, each agent is a network of its own, and each AWS region is its own.
 *
 * Verification prefers a location on another network than the one that saw the failure,
 * keeping the list's order otherwise: a failure seen from the local machine is asked of an
 * agent before the other logical region, so that "confirmed" means seen from elsewhere.
 */

/** The network a location checks over; locations it does not name are each their own. */
export type LocationNetworks = Readonly<Record<string, string>>;

export function networkOf(location: string, networks: LocationNetworks | undefined): string {
  return networks !== undefined && Object.hasOwn(networks, location) ? networks[location]! : `location:${location}`;
}

/** `candidates` (in order) with those on another network than `from` first. */
export function preferOtherNetwork(candidates: readonly string[], from: string, networks: LocationNetworks | undefined): string[] {
  if (networks === undefined) return [...candidates];
  const home = networkOf(from, networks);
  return [...candidates.filter((c) => networkOf(c, networks) !== home), ...candidates.filter((c) => networkOf(c, networks) === home)];
}

/** The local mode's logical regions share this machine's network. */
export function sharedNetwork(regions: readonly string[], name = 'this-machine'): LocationNetworks {
  return Object.fromEntries(regions.map((region) => [region, name]));
}
