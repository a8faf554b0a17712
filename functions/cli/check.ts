/**
 * `crosscheck check <url>`: one check, now, from this machine. Exit 0 when it passes,
 * 1 when it fails (a failed condition included), 2 on a usage error or invalid condition.
 */
import { conditionWarnings } from '../core/conditions/index.ts';
import { type FieldIssue, ValidationError } from '../core/errors.ts';
import { CommonMonitorFieldSchemas, HTTP_METHODS, parseMonitorDefinition, type MonitorDefinition } from '../core/monitor.ts';
import { LOCAL_POLICY, runCheck } from '../engine/index.ts';
import { durationFlag, onePositional, parseFlags, seeHelp } from './flags.ts';
import { formatCheckResult } from './format-check.ts';
import { typedTarget } from './target-input.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';

/** The check flags, shared with `monitors add` (which takes them all but --region and --json). */
export const CHECK_FLAGS_USAGE = `  -c, --condition <expr>   a Gatus condition, repeatable (default: [STATUS] < 400);
                           quote it for the shell: -c '[STATUS] == 200'
  <url> is an http(s) URL, tcp://host:port, tls://host:port, starttls://host:port
  (SMTP), or a DNS URI (RFC 4501): dns://8.8.8.8/example.org?type=MX, dns:example.org
  (the system's resolver, type A)
      --starttls <proto>   with tls://: smtp, imap or pop3 first, then STARTTLS
  -X, --method <method>    HTTP method (default GET)
  -H, --header 'N: v'      request header, repeatable
  -d, --data <body>        request body (tcp: sent once connected)
      --timeout <duration> the whole check, redirects included: 10s, 500ms, 1m, or
                           seconds (default 10s; 100ms to 1m)
      --no-follow          do not follow redirects
      --insecure           do not fail on an unverified TLS certificate
`;

export const CHECK_USAGE = `crosscheck check <url> [options]
  Runs one check now from this machine and prints what happened.
${CHECK_FLAGS_USAGE}      --region <name>      region name sent as X-CrossCheck-Region (default local)
      --json               print the check result as one JSON object
  Exit 0: it passed. 1: it failed (a failed condition included). 2: usage error or invalid condition.
`;

export const CHECK_OPTIONS = {
  condition: { type: 'string', short: 'c', multiple: true },
  method: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd' },
  timeout: { type: 'string' },
  'no-follow': { type: 'boolean' },
  insecure: { type: 'boolean' },
  starttls: { type: 'string' },
} as const;

const OPTIONS = { ...CHECK_OPTIONS, region: { type: 'string' }, json: { type: 'boolean' } } as const;

const TIMEOUT = CommonMonitorFieldSchemas.timeoutMs.unwrap();

interface CheckInvocation {
  readonly definition: MonitorDefinition;
  readonly region: string;
  readonly json: boolean;
  /** About conditions that are valid but likely wrong (quoted values). */
  readonly warnings: readonly string[];
}

export async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  let invocation: CheckInvocation | 'help';
  try {
    invocation = parseCheckArgs(argv);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ValidationError) {
      io.stderr.write(`crosscheck check: ${error.message}\n`);
      if (error instanceof UsageError) io.stderr.write(seeHelp('check'));
      return EXIT_USAGE;
    }
    throw error;
  }
  if (invocation === 'help') {
    io.stdout.write(CHECK_USAGE);
    return EXIT_OK;
  }
  for (const warning of invocation.warnings) io.stderr.write(`warning: ${warning}\n`);
  const result = await runCheck(invocation.definition, { region: invocation.region, policy: LOCAL_POLICY });
  io.stdout.write(invocation.json ? `${JSON.stringify(result, null, 2)}\n` : formatCheckResult(result));
  return result.success ? EXIT_OK : EXIT_FAILED;
}

/** Flags to a validated definition. UsageError for bad flags; ValidationError (already `invalid condition: ...`) for bad values. */
export function parseCheckArgs(argv: string[]): CheckInvocation | 'help' {
  const { values, positionals } = parseFlags(argv, OPTIONS);
  if (values.help) return 'help';
  const url = onePositional(positionals, '<url>');
  const definition = definitionFromFlags(url, values);
  return { definition, region: values.region ?? 'local', json: values.json ?? false, warnings: warningsOf(definition) };
}

type CheckValues = {
  condition?: string[] | undefined;
  method?: string | undefined;
  header?: string[] | undefined;
  data?: string | undefined;
  timeout?: string | undefined;
  'no-follow'?: boolean | undefined;
  insecure?: boolean | undefined;
  starttls?: string | undefined;
};

/** The check flags as a monitor definition (`name` is the URL); extra fields (name, interval) come from `monitors add`. */
export function definitionFromFlags(url: string, values: CheckValues, extra: Record<string, unknown> = {}): MonitorDefinition {
  const headers: Record<string, string> = {};
  for (const raw of values.header ?? []) {
    const colon = raw.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header '${raw}': expected 'Name: value'`);
    headers[raw.slice(0, colon).trim()] = raw.slice(colon + 1).trim();
  }
  const timeoutMs =
    values.timeout === undefined ? undefined : Math.round(durationFlag('--timeout', values.timeout, { min: TIMEOUT.minValue ?? 0, max: TIMEOUT.maxValue ?? Infinity }));
  const typed = typedTarget(url, values);
  const common = { name: url.slice(0, 200), timeoutMs, conditions: values.condition ?? [] };
  const input =
    typed === null
      ? { ...common, url, method: values.method?.toUpperCase(), headers, body: values.data, followRedirects: !values['no-follow'], verifyTls: !values.insecure, ...extra }
      : {
          ...common,
          ...typed,
          ...(typed.type === 'tcp' && values.data !== undefined ? { body: values.data } : {}),
          ...(typed.type === 'tls' ? { verifyTls: !values.insecure } : {}),
          ...extra,
        };
  if (typed !== null && typed.type !== 'tls' && values.insecure) throw new UsageError('--insecure applies to https URLs and tls:// targets only');
  try {
    return parseMonitorDefinition(input);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.issues, error.issues.map(describeIssueAsFlag).join('\n'));
    throw error;
  }
}

/** `-c '<condition>': <warning>` for each condition that is valid but likely not meant. */
export function warningsOf(definition: MonitorDefinition): string[] {
  return definition.conditions.flatMap((condition) => conditionWarnings(condition).map((warning) => `-c '${condition}': ${warning}`));
}

/** Names a schema issue by the flag the user typed; conditions speak for themselves. */
function describeIssueAsFlag(issue: FieldIssue): string {
  const [field, ...rest] = issue.path.split(/[.[]/);
  if (field === 'conditions') return issue.message;
  if (field === 'method') return `--method: expected one of ${HTTP_METHODS.join(', ')}`;
  const flag = FLAG_OF_FIELD[field ?? ''] ?? field;
  return `${flag}${rest.length > 0 && field === 'headers' ? ` ${issue.path.slice('headers.'.length)}` : ''}: ${issue.message}`;
}

const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  url: '<url>',
  queryName: '<url>',
  queryType: '<url> type=',
  resolver: '<url> resolver',
  starttls: '--starttls',
  type: '<url>',
  name: '--name',
  method: '--method',
  headers: '--header',
  body: '--data',
  timeoutMs: '--timeout',
  intervalSeconds: '--interval',
};
