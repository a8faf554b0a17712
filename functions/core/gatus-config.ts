/**
 * Monitors from a YAML file in Gatus' `endpoints:` shape, so that a Gatus user can
 * start from the file they have. Gatus' own names are accepted (`interval: 30s`,
 * `group`, `enabled`, `client.insecure`, `client.timeout`, `client.ignore-redirect`,
 * email alerts) beside CrossCheck's fields. Gatus settings with no meaning here
 * (`storage:`, `ui:`, an endpoint's `ui:`, alert providers CrossCheck has no channel for) are
 * warnings and the file goes on; anything else is an error naming its path
 * (`endpoints[2].interval: ...`), every error of the file at once. Pure: text in,
 * validated definitions out.
 */
import { parseDocument, type YAMLError } from 'yaml';
import { suggestName } from './conditions/hints.ts';
import { conditionWarnings } from './conditions/index.ts';
import { ValidationError, type FieldIssue } from './errors.ts';
import { formatGatusDuration, parseGoDurationMs } from './duration.ts';
import type { Channel, ChannelRef } from './channel.ts';
import { translateAlerting, translateEndpointAlert, type GatusAlerting, type GatusSmtp } from './gatus-alerting.ts';
import { GATUS_DNS_PATHS, translateEndpointType } from './gatus-endpoint-types.ts';
import { CommonMonitorFieldSchemas, MONITOR_FIELDS, MonitorDefinitionSchema, toFieldIssues, type MonitorDefinition } from './monitor.ts';

/** Gatus top-level sections that have no meaning here: ignored, with a warning. */
const IGNORED_GATUS_SECTIONS = new Set([
  'storage', 'web', 'ui', 'metrics', 'security', 'maintenance', 'connectivity', 'skip-invalid-config-update',
  'disable-monitoring-lock', 'concurrency', 'external-endpoints', 'announcements', 'suites', 'remote',
]);
const CROSSCHECK_KEYS: ReadonlySet<string> = MONITOR_FIELDS;
/** Gatus endpoint keys translated into CrossCheck's. */
const GATUS_ENDPOINT_KEYS = new Set(['interval', 'group', 'enabled', 'client', 'dns']);
/** Gatus endpoint keys about presentation or metrics only: ignored, with a warning. */
const IGNORED_ENDPOINT_KEYS = new Map([
  ['ui', 'how Gatus shows the endpoint'],
  ['extra-labels', 'Gatus metrics labels'],
]);
/** Gatus endpoint keys that would change what is checked: refused, with why. */
const REFUSED_ENDPOINT_KEYS = new Map([
  ['ssh', 'SSH checks are not supported; tcp://host:22 with [BODY] == pat(SSH-2.0-*) checks the server banner'],
  ['graphql', 'GraphQL bodies are not translated; send the query as a JSON body with method POST'],
  ['maintenance-windows', "not translated; use CrossCheck's maintenance: [{days, at: \"HH:MM\", durationMinutes}] (UTC)"],
]);
const GATUS_CLIENT_KEYS = new Set(['insecure', 'timeout', 'ignore-redirect']);
/** The limits of `intervalSeconds`, read from the schema so that they cannot drift. */
const INTERVAL_SCHEMA = CommonMonitorFieldSchemas.intervalSeconds.unwrap();

/**
 * The field meant by an unknown monitor key: Gatus' name for it (`interval` is
 * `intervalSeconds`) or a near miss (`interval_seconds`). For the API's and the
 * CLI's "did you mean ...?"; null when nothing is close.
 */
export function monitorFieldHint(key: string): string | null {
  const gatus = GATUS_FIELD_NAMES.get(key.toLowerCase());
  if (gatus !== undefined) return gatus;
  return suggestName(key, [...CROSSCHECK_KEYS]);
}

/** Gatus' endpoint keys (and a few common spellings) as CrossCheck names them. */
const GATUS_FIELD_NAMES = new Map([
  ['interval', 'intervalSeconds'],
  ['timeout', 'timeoutMs'],
  ['enabled', 'paused (the opposite of enabled)'],
  ['disabled', 'paused'],
  ['group', 'tags'],
  ['insecure', 'verifyTls (the opposite of insecure)'],
  ['client', 'verifyTls, timeoutMs or followRedirects'],
  ['condition', 'conditions'],
  ['header', 'headers'],
  ['region', 'regions'],
  ['tag', 'tags'],
]);

export interface ConfigFile {
  readonly monitors: readonly MonitorDefinition[];
  /** The file's `alerting:` providers as channels (gatus-alerting.ts). */
  readonly channels: readonly Channel[];
  /** `alerting.email`'s SMTP settings, for the local runtime. */
  readonly smtp: GatusSmtp | null;
  /** Things that were ignored on purpose (Gatus sections with no meaning here). */
  readonly warnings: readonly string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseConfigFile(text: string): ConfigFile {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const messages = [...new Set(document.errors.map((e) => yamlErrorMessage(e, text)))];
    throw new ValidationError(messages.map((message) => ({ path: '', message })));
  }
  const root: unknown = documentValue(document) ?? {};
  if (!isObject(root)) throw new ValidationError([{ path: '', message: 'expected a mapping with an `endpoints:` list' }]);

  const issues: FieldIssue[] = [];
  const warnings: string[] = [];
  for (const key of Object.keys(root)) {
    if (key === 'endpoints' || key === 'alerting') continue;
    if (IGNORED_GATUS_SECTIONS.has(key)) warnings.push(`${key}: Gatus setting with no meaning in CrossCheck, ignored`);
    else issues.push({ path: key, message: `unknown key (expected endpoints, alerting)${key.toLowerCase().startsWith('endpoint') ? '; did you mean endpoints?' : ''}` });
  }
  const alerting = translateAlerting(root.alerting, issues, warnings);
  const endpoints = root.endpoints ?? [];
  if (!Array.isArray(endpoints)) {
    issues.push({ path: 'endpoints', message: 'expected a list' });
    throw new ValidationError(issues);
  }

  const monitors: MonitorDefinition[] = [];
  const names = new Map<string, number>();
  endpoints.forEach((endpoint, i) => {
    const path = `endpoints[${i}]`;
    if (!isObject(endpoint)) {
      issues.push({ path, message: 'expected a mapping' });
      return;
    }
    // Translated as far as it goes and validated even when a key was refused, so that
    // every error of the endpoint is reported at once, not the first one alone.
    const { input, refused } = translateEndpoint(endpoint, path, alerting, issues, warnings);
    const parsed = MonitorDefinitionSchema.safeParse(input);
    if (!parsed.success) {
      const reported = new Set(issues.map((issue) => issue.path));
      issues.push(
        ...toFieldIssues(parsed.error, path)
          .map((issue) => ({ ...issue, path: gatusPath(issue.path, endpoint) }))
          .filter((issue) => !(refused && reported.has(issue.path))),
      );
      return;
    }
    parsed.data.conditions.forEach((condition, c) => {
      for (const warning of conditionWarnings(condition)) warnings.push(`${path}.conditions[${c}]: ${warning}`);
    });
    if (refused) return;
    const seen = names.get(parsed.data.name);
    if (seen !== undefined) issues.push({ path: `${path}.name`, message: `duplicates endpoints[${seen}].name '${parsed.data.name}'` });
    names.set(parsed.data.name, i);
    monitors.push(parsed.data);
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return { monitors, channels: alerting.channels, smtp: alerting.smtp, warnings };
}

/**
 * The document as plain values. Aliases are resolved here, and the yaml library throws
 * (a ReferenceError) for an alias to an anchor not yet set and for more aliases than
 * its limit allows (the "billion laughs" expansion): both are bad input, named as such.
 */
function documentValue(document: ReturnType<typeof parseDocument>): unknown {
  try {
    return document.toJS();
  } catch (error) {
    throw new ValidationError([{ path: '', message: `YAML: ${(error as Error).message.split('\n')[0]}` }]);
  }
}

/** The endpoint in CrossCheck's names; `refused` when an issue was found on the way (the schema still runs on the rest). */
function translateEndpoint(endpoint: Json, path: string, alerting: GatusAlerting, issues: FieldIssue[], warnings: string[]): { input: Json; refused: boolean } {
  const out: Json = {};
  const before = issues.length;
  for (const [key, value] of Object.entries(endpoint)) {
    if (CROSSCHECK_KEYS.has(key) && key !== 'alerts') out[key] = value;
    else if (key === 'alerts') Object.assign(out, translateAlerts(value, `${path}.alerts`, alerting, issues, warnings));
    else if (IGNORED_ENDPOINT_KEYS.has(key)) warnings.push(`${path}.${key}: ${IGNORED_ENDPOINT_KEYS.get(key)}, with no meaning in CrossCheck, ignored`);
    else if (REFUSED_ENDPOINT_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: REFUSED_ENDPOINT_KEYS.get(key)! });
    else if (!GATUS_ENDPOINT_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: unknownKeyMessage(key) });
  }
  if (endpoint.interval !== undefined) {
    if ('intervalSeconds' in endpoint) issues.push({ path: `${path}.interval`, message: 'give interval or intervalSeconds, not both' });
    const seconds = intervalSecondsOf(endpoint.interval);
    if (typeof seconds === 'string') issues.push({ path: `${path}.interval`, message: seconds });
    else out.intervalSeconds = seconds;
  }
  if (endpoint.group !== undefined) {
    if (typeof endpoint.group !== 'string') issues.push({ path: `${path}.group`, message: 'expected a string' });
    else out.tags = [...new Set([...(Array.isArray(out.tags) ? (out.tags as unknown[]) : []), endpoint.group])];
  }
  if (endpoint.enabled !== undefined) {
    if (typeof endpoint.enabled !== 'boolean') issues.push({ path: `${path}.enabled`, message: 'expected true or false' });
    else out.paused = !endpoint.enabled;
  }
  if (endpoint.client !== undefined) translateClient(endpoint.client, `${path}.client`, out, issues);
  translateEndpointType(endpoint, path, out, issues);
  return { input: out, refused: issues.length > before };
}

/** In a Gatus-shaped file a near miss is most likely of a Gatus name (`intervl`: interval). */
function unknownKeyMessage(key: string): string {
  const hint = suggestName(key, [...GATUS_ENDPOINT_KEYS, ...CROSSCHECK_KEYS]) ?? monitorFieldHint(key);
  return hint === null ? 'unknown key' : `unknown key; did you mean ${hint}?`;
}

/**
 * Gatus' `interval` (a Go duration such as 30s, 5m, 1h30m) in whole seconds within
 * CrossCheck's limits, or why not. A bare number is seconds.
 */
function intervalSecondsOf(value: unknown): number | string {
  const text = typeof value === 'number' ? `${value}s` : typeof value === 'string' ? value : null;
  const ms = text === null ? null : parseGoDurationMs(/^\s*\d+\s*$/.test(text) ? `${text.trim()}s` : text);
  if (ms === null) return `'${String(value)}' is not a duration such as 30s, 5m or 1h`;
  if (ms % 1000 !== 0) return 'must be a whole number of seconds';
  const seconds = ms / 1000;
  const min = INTERVAL_SCHEMA.minValue ?? 0;
  const max = INTERVAL_SCHEMA.maxValue ?? Number.MAX_SAFE_INTEGER;
  if (seconds < min || seconds > max) return `${String(value)} is ${seconds < min ? 'too short' : 'too long'}: from ${formatGatusDuration(BigInt(min * 1000))} to ${formatGatusDuration(BigInt(max * 1000))} (${min} to ${max} seconds)`;
  return seconds;
}

function translateClient(client: unknown, path: string, out: Json, issues: FieldIssue[]): void {
  if (!isObject(client)) {
    issues.push({ path, message: 'expected a mapping' });
    return;
  }
  for (const key of Object.keys(client)) {
    if (!GATUS_CLIENT_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: 'not supported (supported: insecure, timeout, ignore-redirect)' });
  }
  if (client['ignore-redirect'] !== undefined) {
    if (typeof client['ignore-redirect'] !== 'boolean') issues.push({ path: `${path}.ignore-redirect`, message: 'expected true or false' });
    else out.followRedirects = !client['ignore-redirect'];
  }
  if (client.insecure !== undefined) {
    if (typeof client.insecure !== 'boolean') issues.push({ path: `${path}.insecure`, message: 'expected true or false' });
    else out.verifyTls = !client.insecure;
  }
  if (client.timeout !== undefined) {
    const ms = typeof client.timeout === 'string' ? parseGoDurationMs(client.timeout) : null;
    if (ms === null) issues.push({ path: `${path}.timeout`, message: `'${String(client.timeout)}' is not a duration such as 10s` });
    else out.timeoutMs = Math.round(ms);
  }
}

/** CrossCheck's `alerts: {email, webhooks, channels}` as is, or a list of Gatus' `{type: ...}` alerts and CrossCheck's `{channel: ...}` references. */
function translateAlerts(value: unknown, path: string, alerting: GatusAlerting, issues: FieldIssue[], warnings: string[]): Json {
  if (!Array.isArray(value)) return { alerts: value };
  const emailTo = alerting.emailTo;
  const out: Json = {};
  const email: string[] = [];
  const channels: ChannelRef[] = [];
  value.forEach((alert, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(alert)) return issues.push({ path: at, message: 'expected a mapping' });
    if (typeof alert.type !== 'string' && typeof alert.channel !== 'string') return issues.push({ path: `${at}.type`, message: 'expected an alert type such as email or slack (or a channel: <name>)' });
    if (alert.type !== 'email') {
      const ref = translateEndpointAlert(alert, at, alerting, issues, warnings);
      if (ref !== null) channels.push(ref);
      return;
    }
    if (alert.enabled === false) return;
    if (emailTo.length === 0) issues.push({ path: `${at}.type`, message: 'email alerts need alerting.email.to' });
    email.push(...emailTo);
    if (alert['failure-threshold'] !== undefined) out.failureThreshold = alert['failure-threshold'];
    if (alert['success-threshold'] !== undefined) out.successThreshold = alert['success-threshold'];
  });
  out.alerts = { email: [...new Set(email)], webhooks: [], ...(channels.length > 0 ? { channels } : {}) };
  return out;
}

/** Names a translated field by the key the user wrote (`intervalSeconds` came from `interval`). */
function gatusPath(path: string, endpoint: Json): string {
  const rename: Readonly<Record<string, string>> = { intervalSeconds: 'interval', verifyTls: 'client.insecure', timeoutMs: 'client.timeout', paused: 'enabled', ...GATUS_DNS_PATHS };
  return path.replace(/\.(intervalSeconds|verifyTls|timeoutMs|paused|queryName|queryType|resolver)(?=$|[.[])/, (whole, field: string) =>
    field in endpoint ? whole : `.${rename[field] ?? field}`,
  );
}

/**
 * One line per YAML error: what the parser says and where, without the parser's
 * excerpt (which would leave a dangling `column 10:`), and a hint for the mistakes
 * Gatus files make most.
 */
function yamlErrorMessage(error: YAMLError, text: string): string {
  const headline = (error.message.split('\n')[0] ?? '').replace(/:\s*$/, '');
  const line = error.linePos?.[0]?.line;
  const source = line === undefined ? '' : (text.split(/\r?\n/)[line - 1] ?? '');
  const hint = yamlHint(error.code, headline, source, text.split(/\r?\n/).slice(0, line ?? 0));
  return `YAML: ${headline}${hint ? `; ${hint}` : ''}`;
}

function yamlHint(code: string, headline: string, source: string, upToError: readonly string[]): string | null {
  const unquotedBracket = upToError.findLast((l) => /^\s*(-|[\w-]+:)\s+\[[A-Za-z_]+\]\S*\s+(==|!=|<=|>=|<|>)\s/.test(l));
  if (unquotedBracket !== undefined) return `a condition that starts with [ must be quoted, as in - "${unquotedBracket.replace(/^\s*(-|[\w-]+:)\s+/, '').trim()}"`;
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'a key is given twice in one mapping';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return /:\s.*:\s/.test(source) ? `quote a value that contains ': ', as in ${source.trim().replace(/^([\w-]+):\s+(.*)$/, '$1: "$2"')}` : null;
    case 'MISSING_CHAR':
      return /quote/i.test(headline) ? 'a quote is opened and never closed' : null;
    case 'BAD_INDENT':
      return 'check the indentation, and that every [ and { is closed';
    default:
      return null;
  }
}
