/**
 * The environment variables the CDK app sets on the functions and the handlers read:
 * one list, imported by both sides, so a rename cannot break only one of them.
 */
export const ENV = {
  /** The DynamoDB table (global table; the same name in every region). */
  table: 'CROSSCHECK_TABLE',
  /** Where monitors, state, incidents, the alert log and the ledger are written. */
  homeRegion: 'CROSSCHECK_HOME_REGION',
  /** The probe regions, comma-separated, in order. */
  regions: 'CROSSCHECK_REGIONS',
  /** JSON `{region: url}` of each region's checks queue. */
  queueUrls: 'CROSSCHECK_QUEUE_URLS',
  /** The longest wave (s) in which a region's check jobs travel together in one message (see core/waves.ts). */
  checkWaveSeconds: 'CROSSCHECK_CHECK_WAVE_SECONDS',
  /** JSON `{region: functionName}` of the other regions' verifier functions (invoked asynchronously). */
  verifierFunctions: 'CROSSCHECK_VERIFIER_FUNCTIONS',
  /** ARN of the home region's signing key. */
  kmsKeyId: 'CROSSCHECK_KMS_KEY_ID',
  /** SES sender (a verified identity in the home region). */
  alertFrom: 'CROSSCHECK_ALERT_FROM',
  /** Default recipients, comma-separated. */
  alertTo: 'CROSSCHECK_ALERT_TO',
  /** CIDRs in the private ranges that checks may reach, comma-separated; may be empty. */
  allowedPrivateRanges: 'CROSSCHECK_ALLOWED_PRIVATE_RANGES',
  /** Name of the home region's recorder function (the only ledger writer). */
  recorderFunction: 'CROSSCHECK_RECORDER_FUNCTION',
  /** URL of the home region's rollups queue (merged rollup deltas, applied by the aggregator). */
  rollupQueueUrl: 'CROSSCHECK_ROLLUP_QUEUE_URL',
  /** ARN of the home region's symmetric key that seals channel secrets. */
  channelKeyId: 'CROSSCHECK_CHANNEL_KEY_ID',
  /** JSON `{region: functionName}` of each region's prober (check now). */
  proberFunctions: 'CROSSCHECK_PROBER_FUNCTIONS',
  /** The transparency log's origin (`<api host>/ledger` by default), fixed at its first checkpoint. */
  ledgerOrigin: 'CROSSCHECK_LEDGER_ORIGIN',
  /** ARN of the optional Ed25519 note key (ECC_NIST_EDWARDS25519) that also signs checkpoints; empty: none. */
  noteKeyId: 'CROSSCHECK_NOTE_KEY_ID',
  /** JSON `[{url, vkey}]` of the tlog-witnesses the recorder asks to cosign each checkpoint; `[]`: none. */
  witnesses: 'CROSSCHECK_WITNESSES',
} as const;
