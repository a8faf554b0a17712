/**
 * `crosscheck check <url>`: one check, now, from this machine. Exit 0 when it passes,
 * 1 when it fails (a failed condition included), 2 on a usage error or invalid condition.
 */
import { parseArgs } from 'node:util';
import { type FieldIssue, ValidationError } from '../core/errors.ts';
import { parseMonitorDefinition, type MonitorDefinition } from '../core/monitor.ts';
import { LOCAL_POLICY, runCheck } from '../engine/index.ts';
import { formatCheckResult } from './format-check.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';

export const CHECK_USAGE = `crosscheck check <url> [options]
  -c, --condition <expr>   a Gatus condition, repeatable (default: [STATUS] < 400)
  -X, --method <method>    HTTP method (default GET)
  -H, --header 'N: v'      request header, repeatable
  -d, --data <body>        request body
      --timeout <ms>       whole-check timeout in ms (default 10000)
      --region <name>      region name sent as X-CrossCheck-Region (default local)
      --no-follow          do not follow redirects
      --insecure           do not fail on an unverified TLS certificate
      --json               print the check result as one JSON object
`;

const OPTIONS = {
  condition: { type: 'string', short: 'c', multiple: true },
  method: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd' },
  timeout: { type: 'string' },
  region: { type: 'string' },
  'no-follow': { type: 'boolean' },
  insecure: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface CheckInvocation {
  readonly definition: MonitorDefinition;
  readonly region: string;
  readonly json: boolean;
}

export async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  let invocation: CheckInvocation | 'help';
  try {
    invocation = parseCheckArgs(argv);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ValidationError) {
      io.stderr.write(`${error.message}\n`);
      if (error instanceof UsageError) io.stderr.write(`\n${CHECK_USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (invocation === 'help') {
    io.stdout.write(CHECK_USAGE);
    return EXIT_OK;
  }
  const result = await runCheck(invocation.definition, { region: invocation.region, policy: LOCAL_POLICY });
  io.stdout.write(invocation.json ? `${JSON.stringify(result, null, 2)}\n` : formatCheckResult(result));
  return result.success ? EXIT_OK : EXIT_FAILED;
}

/** Flags to a validated definition. UsageError for bad flags; ValidationError (already `invalid condition: ...`) for bad values. */
export function parseCheckArgs(argv: string[]): CheckInvocation | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'missing <url>' : `expected one <url>, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const headers: Record<string, string> = {};
  for (const raw of values.header ?? []) {
    const colon = raw.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header '${raw}': expected 'Name: value'`);
    headers[raw.slice(0, colon).trim()] = raw.slice(colon + 1).trim();
  }
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!/^\d+$/.test(values.timeout)) throw new UsageError(`--timeout '${values.timeout}': expected whole milliseconds, e.g. 5000`);
  }
  const input = {
    name: positionals[0],
    url: positionals[0],
    method: values.method?.toUpperCase(),
    headers,
    body: values.data,
    timeoutMs,
    conditions: values.condition ?? [],
    followRedirects: !values['no-follow'],
    verifyTls: !values.insecure,
  };
  let definition: MonitorDefinition;
  try {
    definition = parseMonitorDefinition(input);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.issues, error.issues.map(describeIssueAsFlag).join('\n'));
    throw error;
  }
  return {
    definition,
    region: values.region ?? 'local',
    json: values.json ?? false,
  };
}

/** Names a schema issue by the flag the user typed; conditions speak for themselves. */
function describeIssueAsFlag(issue: FieldIssue): string {
  const [field, ...rest] = issue.path.split(/[.[]/);
  if (field === 'conditions') return issue.message;
  const flag = FLAG_OF_FIELD[field ?? ''] ?? field;
  return `${flag}${rest.length > 0 && field === 'headers' ? ` ${issue.path.slice('headers.'.length)}` : ''}: ${issue.message}`;
}

const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  url: '<url>',
  name: '<url>',
  method: '--method',
  headers: '--header',
  body: '--data',
  timeoutMs: '--timeout',
};
