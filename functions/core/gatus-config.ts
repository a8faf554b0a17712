/**
 * Monitors from a YAML file in Gatus' `endpoints:` shape, so that a Gatus user can
 * start from the file they have. Gatus' own names are accepted (`interval: 30s`,
 * `group`, `enabled`, `client.insecure`, `client.timeout`, email alerts) beside
 * CrossCheck's fields; everything else is an error naming its path
 * (`endpoints[2].interval: ...`). Pure: text in, validated definitions out.
 */
import { parseDocument } from 'yaml';
import { ValidationError, type FieldIssue } from './errors.ts';
import { parseGoDurationMs } from './duration.ts';
import { MonitorDefinitionSchema, toFieldIssues, type MonitorDefinition } from './monitor.ts';

/** Gatus top-level sections that have no meaning here: ignored, with a warning. */
const IGNORED_GATUS_SECTIONS = new Set([
  'storage', 'web', 'ui', 'metrics', 'security', 'maintenance', 'connectivity', 'skip-invalid-config-update',
  'disable-monitoring-lock', 'concurrency', 'external-endpoints', 'announcements', 'suites', 'remote',
]);
const CROSSCHECK_KEYS = new Set(Object.keys(MonitorDefinitionSchema.shape));
/** Gatus endpoint keys translated into CrossCheck's. */
const GATUS_ENDPOINT_KEYS = new Set(['interval', 'group', 'enabled', 'client']);
const GATUS_CLIENT_KEYS = new Set(['insecure', 'timeout']);

export interface ConfigFile {
  readonly monitors: readonly MonitorDefinition[];
  /** Things that were ignored on purpose (Gatus sections with no meaning here). */
  readonly warnings: readonly string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseConfigFile(text: string): ConfigFile {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ValidationError(document.errors.map((e) => ({ path: '', message: `YAML: ${e.message.split('\n')[0]}` })));
  }
  const root: unknown = documentValue(document) ?? {};
  if (!isObject(root)) throw new ValidationError([{ path: '', message: 'expected a mapping with an `endpoints:` list' }]);

  const issues: FieldIssue[] = [];
  const warnings: string[] = [];
  for (const key of Object.keys(root)) {
    if (key === 'endpoints' || key === 'alerting') continue;
    if (IGNORED_GATUS_SECTIONS.has(key)) warnings.push(`${key}: Gatus setting with no meaning in CrossCheck, ignored`);
    else issues.push({ path: key, message: 'unknown key (expected endpoints, alerting)' });
  }
  const emailTo = gatusEmailRecipients(root.alerting, issues);
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
    const input = translateEndpoint(endpoint, path, emailTo, issues);
    if (!input) return;
    const parsed = MonitorDefinitionSchema.safeParse(input);
    if (!parsed.success) {
      issues.push(...toFieldIssues(parsed.error, path).map((issue) => ({ ...issue, path: gatusPath(issue.path, endpoint) })));
      return;
    }
    const seen = names.get(parsed.data.name);
    if (seen !== undefined) issues.push({ path: `${path}.name`, message: `duplicates endpoints[${seen}].name '${parsed.data.name}'` });
    names.set(parsed.data.name, i);
    monitors.push(parsed.data);
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return { monitors, warnings };
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

function translateEndpoint(endpoint: Json, path: string, emailTo: readonly string[], issues: FieldIssue[]): Json | null {
  const out: Json = {};
  const before = issues.length;
  for (const [key, value] of Object.entries(endpoint)) {
    if (CROSSCHECK_KEYS.has(key) && key !== 'alerts') out[key] = value;
    else if (key === 'alerts') Object.assign(out, translateAlerts(value, `${path}.alerts`, emailTo, issues));
    else if (!GATUS_ENDPOINT_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: 'unknown key' });
  }
  if (endpoint.interval !== undefined) {
    if ('intervalSeconds' in endpoint) issues.push({ path: `${path}.interval`, message: 'give interval or intervalSeconds, not both' });
    const ms = typeof endpoint.interval === 'string' ? parseGoDurationMs(endpoint.interval) : null;
    if (ms === null) issues.push({ path: `${path}.interval`, message: `'${String(endpoint.interval)}' is not a duration such as 30s, 5m or 1h` });
    else if (ms % 1000 !== 0) issues.push({ path: `${path}.interval`, message: 'must be a whole number of seconds' });
    else out.intervalSeconds = ms / 1000;
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
  return issues.length > before ? null : out;
}

function translateClient(client: unknown, path: string, out: Json, issues: FieldIssue[]): void {
  if (!isObject(client)) {
    issues.push({ path, message: 'expected a mapping' });
    return;
  }
  for (const key of Object.keys(client)) {
    if (!GATUS_CLIENT_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: 'not supported (supported: insecure, timeout)' });
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

/** CrossCheck's `alerts: {email, webhooks}` as is, or Gatus' `alerts: [{type: email, ...}]` list. */
function translateAlerts(value: unknown, path: string, emailTo: readonly string[], issues: FieldIssue[]): Json {
  if (!Array.isArray(value)) return { alerts: value };
  const out: Json = {};
  const email: string[] = [];
  value.forEach((alert, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(alert)) return issues.push({ path: at, message: 'expected a mapping' });
    if (alert.type !== 'email') return issues.push({ path: `${at}.type`, message: `alert provider '${String(alert.type)}' is not supported here; use email, or CrossCheck's alerts.webhooks` });
    if (alert.enabled === false) return;
    if (emailTo.length === 0) issues.push({ path: `${at}.type`, message: 'email alerts need alerting.email.to' });
    email.push(...emailTo);
    if (alert['failure-threshold'] !== undefined) out.failureThreshold = alert['failure-threshold'];
    if (alert['success-threshold'] !== undefined) out.successThreshold = alert['success-threshold'];
  });
  out.alerts = { email: [...new Set(email)], webhooks: [] };
  return out;
}

function gatusEmailRecipients(alerting: unknown, issues: FieldIssue[]): string[] {
  if (alerting === undefined) return [];
  if (!isObject(alerting)) {
    issues.push({ path: 'alerting', message: 'expected a mapping' });
    return [];
  }
  const email = alerting.email;
  if (!isObject(email) || typeof email.to !== 'string') return [];
  return email.to.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Names a translated field by the key the user wrote (`intervalSeconds` came from `interval`). */
function gatusPath(path: string, endpoint: Json): string {
  const rename: Readonly<Record<string, string>> = { intervalSeconds: 'interval', verifyTls: 'client.insecure', timeoutMs: 'client.timeout', paused: 'enabled' };
  return path.replace(/\.(intervalSeconds|verifyTls|timeoutMs|paused)(?=$|[.[])/, (whole, field: string) =>
    field in endpoint ? whole : `.${rename[field] ?? field}`,
  );
}
