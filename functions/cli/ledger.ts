/**
 * `crosscheck ledger verify|export`: checks a ledger offline against a JWKS with jose,
 * and downloads a whole ledger as one file. Exit 0 when everything holds, 1 when an
 * entry is broken (naming the first one and why), 2 on a usage or input error.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ValidationError } from '../core/errors.ts';
import { computeSla } from '../audit/sla.ts';
import { auditLedger } from '../audit/ledger-audit.ts';
import { formatVerifyReport } from './format-ledger.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';
import { InputError, fetchLedger, isUrl, readJwks, readLedgerFile, type LedgerExport } from './ledger-source.ts';

export const LEDGER_USAGE = `crosscheck ledger verify <file|api-url> --jwks <file|url> [options]
  Verifies every signature (ES256, with jose), seq continuity from 1 and every prev
  link, then prints per monitor the incidents, downtime and uptime over the period
  the ledger covers. <file> is what 'ledger export' writes (the JSON of
  GET /v1/ledger, pages merged); <api-url> is the API's base URL.
      --jwks <file|url>    the public keys to trust, e.g. a saved copy of
                           <api-url>/.well-known/jwks.json (required)
      --head <seq>         the head seq the ledger is known to have (alias --expect-head).
                           Entries cut off at the END cannot be detected from the entries
                           alone: a prefix of a valid ledger is valid. An <api-url> is
                           checked against its live head, a file against the head it
                           recorded; --head overrides both with a value you trust.
      --until <now|time>   end the period at this RFC 3339 time or now, instead of at
                           the last entry (open incidents count until then)
      --json               print the report as JSON
  Exit 0: all holds. 1: an entry is broken (the first one is named). 2: usage or input error.

crosscheck ledger export <api-url> [-o <file>]
  Downloads every entry (GET /v1/ledger?after=&limit=, pages merged) as
  {"entries": [{"seq", "jws"}...], "head": <seq>}, to <file> or standard output.
`;

const OPTIONS = {
  jwks: { type: 'string' },
  head: { type: 'string' },
  'expect-head': { type: 'string' },
  until: { type: 'string' },
  json: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

export async function ledgerCommand(argv: string[], io: CliIo): Promise<number> {
  try {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      (sub === undefined ? io.stderr : io.stdout).write(LEDGER_USAGE);
      return sub === undefined ? EXIT_USAGE : EXIT_OK;
    }
    const { values, positionals } = parse(rest);
    if (values.help) {
      io.stdout.write(LEDGER_USAGE);
      return EXIT_OK;
    }
    if (sub === 'verify') return await verifyCommand(values, positionals, io);
    if (sub === 'export') return await exportCommand(values, positionals, io);
    throw new UsageError(`unknown subcommand 'ledger ${sub}' (expected verify or export)`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`crosscheck ledger: ${error.message}\n\n${LEDGER_USAGE}`);
      return EXIT_USAGE;
    }
    if (error instanceof InputError || error instanceof ValidationError) {
      io.stderr.write(`crosscheck ledger: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function parse(argv: string[]): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function onePositional(positionals: string[], name: string): string {
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? `missing ${name}` : `expected one ${name}, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  return positionals[0]!;
}

function refuse(values: Values, command: string, names: readonly (keyof Values)[]): void {
  for (const name of names) if (values[name] !== undefined) throw new UsageError(`--${String(name)} does not apply to 'ledger ${command}'`);
}

async function verifyCommand(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const source = onePositional(positionals, '<file|api-url>');
  refuse(values, 'verify', ['output']);
  if (values.jwks === undefined) throw new UsageError('--jwks <file|url> is required: the public keys the ledger must verify against');
  if (values.head !== undefined && values['expect-head'] !== undefined) throw new UsageError('give --head or --expect-head, not both');
  const headFlag = values.head ?? values['expect-head'];
  const head = headFlag === undefined ? undefined : seqFlag(headFlag);
  const until = values.until === undefined ? undefined : timeFlag(values.until);

  const fetchFn = io.fetch ?? fetch;
  const ledger: LedgerExport = isUrl(source) ? await fetchLedger(source, fetchFn) : await readLedgerFile(source);
  const jwks = await readJwks(values.jwks, fetchFn);
  const expectHead = head ?? ledger.head ?? undefined;
  const report = await auditLedger(ledger.entries, jwks, { expectHead });
  const sla = report.valid ? computeSla(report.entries.map((e) => e.payload), { until }) : null;

  if (values.json) {
    const { entries: verified, ...rest } = report;
    io.stdout.write(`${JSON.stringify({ ...rest, verified: verified.length, sla }, null, 2)}\n`);
  } else {
    io.stdout.write(formatVerifyReport(report, sla, source));
  }
  return report.valid ? EXIT_OK : EXIT_FAILED;
}

async function exportCommand(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const source = onePositional(positionals, '<api-url>');
  refuse(values, 'export', ['jwks', 'head', 'expect-head', 'until', 'json']);
  if (!isUrl(source)) throw new UsageError(`<api-url> must be an http or https URL, got '${source}'`);
  const ledger = await fetchLedger(source, io.fetch ?? fetch);
  const text = `${JSON.stringify({ entries: ledger.entries, head: ledger.head }, null, 2)}\n`;
  if (values.output === undefined || values.output === '-') {
    io.stdout.write(text);
  } else {
    await writeFile(values.output, text);
    io.stderr.write(`exported ${ledger.entries.length} entries (head ${ledger.head ?? 'none'}) to ${values.output}\n`);
  }
  return EXIT_OK;
}

function seqFlag(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--head '${text}': expected a seq, a whole number such as 42`);
  return Number(text);
}

function timeFlag(text: string): number {
  if (text === 'now') return Date.now();
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(time)) throw new UsageError(`--until '${text}': expected 'now' or an RFC 3339 time such as 2026-05-01T00:00:00Z`);
  return time;
}
