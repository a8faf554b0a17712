/** The check engine: HTTP(S) checks with timings, TLS facts and an SSRF guard. */
export {
  addressPolicyIssues,
  assertValidAddressPolicy,
  CLOUD_POLICY,
  LOCAL_POLICY,
  parseCidr,
  vetAddress,
  type AddressPolicy,
  type AddressVerdict,
} from './address-policy.ts';
export { probe, type ProbeEnvironment } from './probe.ts';
export {
  DEFAULT_BODY_CAP_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_REGION,
  DEFAULT_TIMEOUT_MS,
  PROBE_VERSION,
  USER_AGENT,
  type ProbeRequest,
} from './request.ts';
export { KEPT_RESPONSE_HEADERS } from './response-headers.ts';
export { systemLookup, type Lookup, type ResolvedAddress } from './resolve.ts';
export { runCheck, type CheckDefinition, type RunCheckOptions } from './run-check.ts';
