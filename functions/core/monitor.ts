/**
 * The monitor model: one zod schema, with its defaults and field-named errors, used
 * by the API, the YAML import, the CLI and the OpenAPI document.
 */
import * as z from 'zod';
import { conditionIssue } from './conditions/index.ts';
import { DateTimeSchema } from './date-time.ts';
import { ValidationError, type FieldIssue } from './errors.ts';
import { DnsFields, DNS_DEFAULT_CONDITION } from './monitor-types/dns.ts';
import { TcpFields, TCP_DEFAULT_CONDITION } from './monitor-types/tcp.ts';
import { TlsFields, TLS_DEFAULT_CONDITION } from './monitor-types/tls.ts';
import { VerificationPolicySchema } from './quorum.ts';
import { RegionNameSchema } from './region.ts';
import { ChannelRefSchema } from './channel-ref.ts';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const DEFAULT_CONDITION = '[STATUS] < 400';
export const DEFAULT_CERT_EXPIRY_WARNING_DAYS = [30, 14, 7] as const;

/** RFC 9110 field name: a token. */
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * What an RFC 9110 field value may hold (field-vchar = VCHAR / obs-text, with SP and
 * HTAB between): no CR, LF, NUL or other control character, nothing above U+00FF
 * (Node sends a header value's characters as single bytes and refuses anything else,
 * ERR_INVALID_CHAR: the check would fail on every run, a false incident).
 */
const FIELD_VALUE_CHAR = /[\t\x20-\x7e\x80-\xff]/u;
/** Optional whitespace around a value: a recipient drops it (RFC 9110 section 5.5), so it is trimmed here. */
const OWS_AROUND = /^[ \t]+|[ \t]+$/g;

const codePoint = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

const headerValue = z
  .string()
  .max(8192)
  .overwrite((value) => value.replace(OWS_AROUND, ''))
  .superRefine((value, ctx) => {
    let index = 0;
    for (const char of value) {
      if (!FIELD_VALUE_CHAR.test(char)) {
        const what = char.codePointAt(0)! > 0xff ? 'a character above U+00FF' : 'a control character (only tab is allowed)';
        ctx.addIssue({ code: 'custom', message: `must be an HTTP field value (RFC 9110): ${codePoint(char)} at index ${index} is ${what}` });
        return;
      }
      index += char.length;
    }
  });
/** Headers the probe sets itself; a monitor may not override them. */
const RESERVED_HEADERS = new Set(['host', 'user-agent', 'content-length', 'connection', 'transfer-encoding', 'x-crosscheck-region']);

export const httpUrl = z.string().trim().superRefine((value, ctx) => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an absolute http or https URL' });
    return;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `scheme ${parsed.protocol.replace(':', '')} is not supported; use http or https` });
  }
  if (parsed.username || parsed.password) {
    ctx.addIssue({ code: 'custom', message: 'credentials in the URL are not allowed; use an Authorization header' });
  }
});

const condition = z.string().superRefine((text, ctx) => {
  const problem = conditionIssue(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A monitor's headers: names are tokens the probe does not set itself; values as `value` says. */
function headersOf(value: z.ZodType<string, string>) {
  return z
    .record(z.string(), value)
    .default({})
    .superRefine((headers, ctx) => {
      for (const name of Object.keys(headers)) {
        if (!headerName.test(name)) {
          ctx.addIssue({ code: 'custom', path: [name], message: "is not a valid header name (RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~)" });
        } else if (RESERVED_HEADERS.has(name.toLowerCase())) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'is set by the probe and cannot be overridden' });
        }
      }
    });
}

export const WebhookSchema = z.strictObject({
  url: httpUrl.describe('Receives a POST with the alert as JSON.'),
  secret: z
    .string()
    .min(16, 'must be at least 16 characters: it is the key of the HMAC-SHA256 signature a receiver checks')
    .max(256, 'must be at most 256 characters')
    .optional()
    .describe('Key for the X-CrossCheck-Signature HMAC-SHA256 header: 16 to 256 characters.'),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, UTC)');
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A one-off window (`start`..`end`) or a weekly one (`days`, `at`, `durationMinutes`, UTC). */
export const MaintenanceWindowSchema = z.union([
  z
    .strictObject({
      start: DateTimeSchema,
      end: DateTimeSchema,
      reason: z.string().max(200).optional(),
    })
    .refine((w) => Date.parse(w.end) > Date.parse(w.start), { message: 'end must be after start', path: ['end'] }),
  z.strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1).default([...WEEKDAYS]),
    at: hhmm,
    durationMinutes: z.number().int().min(1).max(7 * 24 * 60),
    reason: z.string().max(200).optional(),
  }),
]);

export const AlertsSchema = z.strictObject({
  email: z.array(z.email()).max(20).default([]),
  webhooks: z.array(WebhookSchema).max(10).default([]),
  channels: z.array(ChannelRefSchema).max(20).optional().describe('Named channels (GET /v1/channels) told of this monitor\'s alerts, each with optional overrides.'),
});

/**
 * Alerts as the API takes them: a webhook's secret may be `null` ("remove the stored
 * one"), and left out it keeps the stored one (core/write-only-secrets.ts).
 */
export const AlertsInputSchema = AlertsSchema.extend({
  webhooks: z
    .array(WebhookSchema.extend({ secret: WebhookSchema.shape.secret.unwrap().nullable().optional().describe('16 to 256 characters; write-only: left out on PUT or PATCH it keeps the stored secret of the same URL, `null` removes it.') }))
    .max(10)
    .default([]),
});

/** An `http` monitor (the default type): an HTTP(S) request. */
export const HttpMonitorDefinitionSchema = z.strictObject({
  type: z.literal('http').default('http'),
  name: z.string().trim().min(1).max(200),
  url: httpUrl,
  method: z.enum(HTTP_METHODS).default('GET'),
  headers: headersOf(headerValue),
  body: z.string().max(65_536).optional(),
  intervalSeconds: z.number().int().min(10).max(3600).default(60),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  conditions: z.array(condition).max(50).default([]),
  /** Where the monitor is probed; empty means every configured region. */
  regions: z.array(RegionNameSchema).max(20).default([]),
  tags: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  paused: z.boolean().default(false),
  failureThreshold: z.number().int().min(1).max(10).default(1),
  successThreshold: z.number().int().min(1).max(10).default(2),
  certExpiryWarningDays: z.array(z.number().int().min(1).max(365)).max(10).default([...DEFAULT_CERT_EXPIRY_WARNING_DAYS]),
  followRedirects: z.boolean().default(true),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  verifyTls: z.boolean().default(true),
  alerts: AlertsSchema.default({ email: [], webhooks: [] }),
  maintenance: z.array(MaintenanceWindowSchema).max(50).default([]),
  /** Quorum (quorum.ts): absent is one confirmation, as `{confirmations: 1}`. Optional so that older definitions keep their hash. */
  verification: VerificationPolicySchema.optional(),
});

/** The fields only an http monitor has; every other field is common to every type. */
const HTTP_ONLY = {
  type: true,
  url: true,
  method: true,
  headers: true,
  body: true,
  followRedirects: true,
  maxRedirects: true,
  verifyTls: true,
  certExpiryWarningDays: true,
} as const;
const commonFields = HttpMonitorDefinitionSchema.omit(HTTP_ONLY).shape;
const { verifyTls, certExpiryWarningDays } = HttpMonitorDefinitionSchema.shape;

export const TcpMonitorDefinitionSchema = z.strictObject({ ...commonFields, ...TcpFields });
export const TlsMonitorDefinitionSchema = z.strictObject({ ...commonFields, ...TlsFields, verifyTls, certExpiryWarningDays });
export const DnsMonitorDefinitionSchema = z.strictObject({ ...commonFields, ...DnsFields });

/** The fields every type shares, as schemas (for limits read elsewhere: interval, timeout). */
export const CommonMonitorFieldSchemas = commonFields;

export const MONITOR_TYPES = ['http', 'tcp', 'tls', 'dns'] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];

/** A monitor's definition: one schema per `type` (http when absent), each with its own fields and defaults. */
export const MonitorDefinitionSchema = z.discriminatedUnion(
  'type',
  [HttpMonitorDefinitionSchema, TcpMonitorDefinitionSchema, TlsMonitorDefinitionSchema, DnsMonitorDefinitionSchema],
  { error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${MONITOR_TYPES.join(', ')} (http when absent)` : undefined) },
);

/** Every field some type of monitor has. */
export const MONITOR_FIELDS: ReadonlySet<string> = new Set(MonitorDefinitionSchema.options.flatMap((option) => Object.keys(option.shape)));

export type MonitorDefinitionInput = z.input<typeof MonitorDefinitionSchema>;
export type MonitorDefinition = z.output<typeof MonitorDefinitionSchema>;
export type HttpMonitorDefinition = z.output<typeof HttpMonitorDefinitionSchema>;
export type TcpMonitorDefinition = z.output<typeof TcpMonitorDefinitionSchema>;
export type TlsMonitorDefinition = z.output<typeof TlsMonitorDefinitionSchema>;
export type DnsMonitorDefinition = z.output<typeof DnsMonitorDefinitionSchema>;
/** The fields every type has. */
export type CommonMonitorFields = Pick<MonitorDefinition, keyof typeof commonFields | 'type'>;
export type MaintenanceWindow = z.output<typeof MaintenanceWindowSchema>;
export type Webhook = z.output<typeof WebhookSchema>;

/** A stored http monitor. */
export type HttpMonitor = Extract<Monitor, { type: 'http' }>;

/** A stored monitor: its definition plus identity and bookkeeping. */
export type Monitor = MonitorDefinition & {
  readonly id: string;
  /** RFC 3339. */
  readonly createdAt: string;
  /** RFC 3339. */
  readonly updatedAt: string;
};

/**
 * A stored monitor as messages carry it and the API returns it (the API adds its state).
 * Its definition was checked when it was written; header values are taken as stored, so
 * that a monitor written before values were held to RFC 9110 still travels (one such
 * monitor must not fail a whole wave of check jobs): editing it applies the rule.
 */
const storedFields = { id: z.string().min(1).max(128), createdAt: DateTimeSchema, updatedAt: DateTimeSchema };
export const MonitorSchema = z.discriminatedUnion('type', [
  HttpMonitorDefinitionSchema.extend({ headers: headersOf(z.string().max(8192)), ...storedFields }),
  TcpMonitorDefinitionSchema.extend(storedFields),
  TlsMonitorDefinitionSchema.extend(storedFields),
  DnsMonitorDefinitionSchema.extend(storedFields),
]) satisfies z.ZodType<Monitor>;

/** zod's issues as CrossCheck's field issues, with paths like `alerts.webhooks[0].url`. */
export function toFieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(prefix, issue.path), message: issue.message }));
}

export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Validates and fills defaults; throws ValidationError naming every bad field. */
export function parseMonitorDefinition(input: unknown, pathPrefix = ''): MonitorDefinition {
  const parsed = MonitorDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, pathPrefix));
  return parsed.data;
}

const DEFAULT_CONDITIONS: Readonly<Record<MonitorType, string>> = {
  http: DEFAULT_CONDITION,
  tcp: TCP_DEFAULT_CONDITION,
  tls: TLS_DEFAULT_CONDITION,
  dns: DNS_DEFAULT_CONDITION,
};

/**
 * The conditions a check evaluates: the monitor's, or its type's default (`[STATUS] <
 * 400` for http, `[CONNECTED] == true` for tcp and tls, `[DNS_RCODE] == NOERROR` for dns).
 */
export function effectiveConditions(definition: Pick<MonitorDefinition, 'conditions'> & { readonly type?: MonitorType | undefined }): readonly string[] {
  return definition.conditions.length > 0 ? definition.conditions : [DEFAULT_CONDITIONS[definition.type ?? 'http']];
}
