/**
 * The deployment's configuration: one zod schema with the defaults in one place.
 * `bin/app.ts` gathers the raw values (a JSON file named by `-c config=...`, then
 * individual `-c key=value` context values on top) and `parseDeploymentConfig` turns
 * them into a checked config or an error that names every bad key.
 *
 * Context values arrive as strings; lists may be given as `a,b,c` or as JSON arrays.
 */
import * as z from 'zod';
import { ConfigError } from '../functions/core/errors.ts';
import { MailboxSchema } from '../functions/core/mailbox.ts';
import { checkOrigin } from '../functions/core/tlog/checkpoint.ts';
import { addressPolicyIssues } from '../functions/engine/address-policy.ts';

/** CloudWatch Logs' allowed retention periods, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Wave lengths that divide the minute (seconds). */
export const MINUTE_DIVISORS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60] as const;

/** Aggregator schedules that divide the hour (minutes). */
export const ROLLUP_INTERVALS = [1, 2, 5, 10, 15, 20, 30, 60] as const;

/** The context keys the app reads; anything else under these names is a typo. */
export const CONFIG_KEYS = [
  'name',
  'account',
  'homeRegion',
  'probeRegions',
  'alertFrom',
  'alertTo',
  'allowedPrivateRanges',
  'alarmEmail',
  'logRetentionDays',
  'destroyLogs',
  'checkWaveSeconds',
  'rollupIntervalMinutes',
  'ledgerOrigin',
  'ed25519NoteKey',
  'witnesses',
  'statusDomain',
  'statusCertificateArn',
] as const;

/** A real AWS region code for deploying into; stricter than a probe's region name (functions/core/region.ts), which may be logical. */
const AwsRegionSchema = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as eu-west-1');

/** `a,b` or `["a","b"]` or an array: a list of trimmed, non-empty strings. */
const list = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return value;
    }
  }
  return text === '' ? [] : text.split(',').map((item) => item.trim());
}, z.array(z.string()));

const flag = z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());
const integer = z.preprocess((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value), z.number().int());

export const DeploymentConfigSchema = z
  .strictObject({
    /** Prefix of every physical name (table, queues, functions, key alias). @default 'crosscheck' */
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,19}$/, 'must be 2-20 characters: lower-case letters, digits and dashes, starting with a letter')
      .default('crosscheck'),
    /** The AWS account; left out, the stacks are account-agnostic (the CLI's credentials decide at deploy). */
    account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id').optional(),
    /** Where the table is written, the key signs and the API runs. @default 'eu-west-1' */
    homeRegion: AwsRegionSchema.default('eu-west-1'),
    /** Where checks run, in order of preference for verification; includes the home region. @default [homeRegion, 'us-east-1'] */
    probeRegions: list.pipe(z.array(AwsRegionSchema).min(2, 'cross-region verification needs at least two regions').max(10)).optional(),
    /** SES sender (`address` or `Name <address>`); the address or its domain must be a verified identity in the home region. */
    alertFrom: MailboxSchema.default('alerts@example.org'),
    /** Default alert recipients (a monitor may add its own). */
    alertTo: list.pipe(z.array(z.email('must be e-mail addresses')).min(1).max(20)).default(['ops@example.org']),
    /** CIDRs inside the private ranges that checks may reach (nothing private otherwise). @default [] */
    allowedPrivateRanges: list.default([]),
    /** When set, alarms notify an SNS topic per region with this e-mail subscribed. */
    alarmEmail: z.email('must be an e-mail address').optional(),
    /** Retention of every log group. @default 30 */
    logRetentionDays: integer.pipe(z.union(LOG_RETENTION_DAYS.map((d) => z.literal(d)))).default(30),
    /** Delete the log groups on `cdk destroy` (the table and the key are always kept). @default true */
    destroyLogs: flag.default(true),
    /**
     * The longest wave, in seconds, in which a region's check jobs travel together in one
     * message (see functions/core/waves.ts): fewer messages and invocations, each check at
     * most this much after its due second. A divisor of 60. @default 20
     */
    checkWaveSeconds: integer.pipe(z.union(MINUTE_DIVISORS.map((d) => z.literal(d)))).default(20),
    /**
     * How often the aggregator applies the queued rollup deltas: the stats (checks,
     * failures, latency) lag by up to this much; state, incidents and alerts never wait.
     * @default 15
     */
    rollupIntervalMinutes: integer.pipe(z.union(ROLLUP_INTERVALS.map((d) => z.literal(d)))).default(15),
    /**
     * The transparency log's origin (the first line of its checkpoints and its key name),
     * fixed at the first checkpoint. @default '<api id>.execute-api.<home region>.amazonaws.com/ledger'
     */
    ledgerOrigin: z
      .string()
      .refine((origin) => checkOrigin(origin) === null, { error: 'must be non-empty, without spaces or "+" (e.g. status.example.org/ledger)' })
      .optional(),
    /**
     * A second checkpoint signature with an Ed25519 KMS key (ECC_NIST_EDWARDS25519), which
     * the public witness network asks for; one more key, 1 USD a month. @default false
     */
    ed25519NoteKey: flag.default(false),
    /**
     * C2SP tlog-witnesses that cosign each checkpoint, as `<url>=<vkey>` (e.g. one run with
     * `crosscheck witness serve`); the recorder submits to them. @default []
     */
    witnesses: list
      .pipe(z.array(z.string().regex(/^https?:\/\/[^\s=]+=[^\s+]+\+[0-9a-f]{8}\+\S+$/, 'each must be <http(s) url>=<witness vkey>')))
      .default([]),
    /** A custom domain for a status page (API Gateway custom domain, regional). Needs statusCertificateArn. */
    statusDomain: z
      .string()
      .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/, 'must be a DNS name such as status.example.com')
      .optional(),
    /** The ACM certificate of statusDomain, in the home region. */
    statusCertificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, 'must be an ACM certificate ARN').optional(),
  })
  .superRefine((config, ctx) => {
    if ((config.statusDomain === undefined) !== (config.statusCertificateArn === undefined)) {
      ctx.addIssue({ code: 'custom', path: [config.statusDomain === undefined ? 'statusDomain' : 'statusCertificateArn'], message: 'statusDomain and statusCertificateArn go together' });
    }
    for (const issue of addressPolicyIssues({ allowPrivate: false, allowedRanges: config.allowedPrivateRanges })) {
      ctx.addIssue({ code: 'custom', path: ['allowedPrivateRanges'], message: issue });
    }
    const regions = config.probeRegions;
    if (regions === undefined) return;
    if (!regions.includes(config.homeRegion)) {
      ctx.addIssue({ code: 'custom', path: ['probeRegions'], message: `must include the home region ${config.homeRegion}` });
    }
    if (new Set(regions).size !== regions.length) ctx.addIssue({ code: 'custom', path: ['probeRegions'], message: 'lists a region twice' });
  })
  .transform((config) => ({
    ...config,
    probeRegions: config.probeRegions ?? [config.homeRegion, config.homeRegion === 'us-east-1' ? 'eu-west-1' : 'us-east-1'],
  }));

export type DeploymentConfig = z.output<typeof DeploymentConfigSchema>;

/** Checks raw values (from a file and/or context); throws ConfigError naming every bad key. */
export function parseDeploymentConfig(raw: Readonly<Record<string, unknown>>): DeploymentConfig {
  const parsed = DeploymentConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(config)';
    const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}; known: ${CONFIG_KEYS.join(', ')}` : issue.message;
    return `  ${key}: ${message}`;
  });
  throw new ConfigError(`invalid CrossCheck deployment config:\n${lines.join('\n')}`);
}
