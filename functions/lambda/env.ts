/**
 * Reading a function's environment with zod: each handler names the variables it needs
 * (see env-names.ts) and gets typed values, or one ConfigError naming every variable
 * that is missing or malformed. A misconfigured function fails at its first event with
 * a message that says which variable to fix.
 */
import * as z from 'zod';
import { ConfigError } from '../core/errors.ts';
import { addressPolicyIssues } from '../engine/address-policy.ts';
import { MailboxSchema } from '../core/mailbox.ts';
import { RegionNameSchema } from '../core/region.ts';
import { checkOrigin } from '../core/tlog/checkpoint.ts';

const regionName = RegionNameSchema;

/** `a,b,c` (spaces around items ignored) as a list; '' is the empty list. */
const commaList = z.string().transform((text) => (text.trim() === '' ? [] : text.split(',').map((s) => s.trim())));

/** A JSON object `{region: value}`. */
const jsonRecord = <T extends z.ZodType>(value: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(z.record(regionName, value));

/** The field types of the CrossCheck environment. */
export const env = {
  text: z.string().min(1, 'must not be empty'),
  region: regionName,
  regions: commaList.pipe(z.array(regionName).min(1, 'must name at least one region')),
  emails: commaList.pipe(z.array(z.email('must be e-mail addresses'))),
  mailbox: MailboxSchema,
  url: z.url(),
  /** A whole number of seconds that divides the minute: 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60. */
  minuteDivisor: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .refine((n) => n >= 1 && n <= 60 && 60 % n === 0, 'must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60)'),
  urlsByRegion: jsonRecord(z.url()),
  namesByRegion: jsonRecord(z.string().min(1)),
  /** JSON `[{url, vkey}]`: the log's witnesses. */
  witnesses: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array' });
        return z.NEVER;
      }
    })
    .pipe(z.array(z.strictObject({ url: z.url({ protocol: /^https?$/ }), vkey: z.string().regex(/^[^\s+]+\+[0-9a-f]{8}\+\S+$/, 'must be a note verifier key') }))),
  /** Empty means none. */
  optionalText: z.string().transform((text) => (text.trim() === '' ? null : text.trim())),
  /** A checkpoint origin: non-empty, no spaces, no "+". */
  logOrigin: z.string().superRefine((origin, ctx) => {
    const problem = checkOrigin(origin);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  }),
  cidrs: commaList.superRefine((ranges, ctx) => {
    for (const issue of addressPolicyIssues({ allowPrivate: false, allowedRanges: ranges })) ctx.addIssue({ code: 'custom', message: issue });
  }),
};

export type EnvSpec = Readonly<Record<string, readonly [name: string, schema: z.ZodType]>>;
export type EnvValues<S extends EnvSpec> = { readonly [K in keyof S]: z.output<S[K][1]> };

/** `{key: [VARIABLE_NAME, schema]}` -> `{key: value}`; ConfigError naming every bad variable. */
export function readEnv<S extends EnvSpec>(spec: S, source: Readonly<Record<string, string | undefined>>): EnvValues<S> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, [name, schema]] of Object.entries(spec)) {
    const raw = source[name];
    if (raw === undefined) {
      problems.push(`${name}: is not set`);
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) values[key] = parsed.data;
    else problems.push(...parsed.error.issues.map((issue) => `${name}${issue.path.length ? `[${issue.path.join('.')}]` : ''}: ${issue.message}`));
  }
  if (problems.length > 0) throw new ConfigError(`invalid function environment: ${problems.join('; ')}`);
  return values as EnvValues<S>;
}
