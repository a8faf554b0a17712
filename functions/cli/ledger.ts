/**
 * `crosscheck ledger verify|export`: checks a ledger offline against a JWKS with jose,
 * and downloads a whole ledger as one file. Exit 0 when everything holds, 1 when an
 * entry is broken (naming the first one and why), 2 on a usage or input error.
 */
import { writeFile } from 'node:fs/promises';
import { ValidationError } from '../core/errors.ts';
import { STATS_WINDOWS, uptimeWindow, type StatsWindow } from '../core/stats.ts';
import { computeSla } from '../audit/sla.ts';
import { auditLedger } from '../audit/ledger-audit.ts';
import { onePositional, parseFlags, seeHelp, wantsHelp } from './flags.ts';
import { formatVerifyReport, type PeriodNote } from './format-ledger.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';
import { InputError, fetchLedger, isUrl, readJwks, readLedgerFile, type LedgerExport } from './ledger-source.ts';
import { DEFAULT_API } from './remote.ts';
import { checkSlaStatement } from './ledger-sla.ts';
import { PROOF_USAGE, proveIncident, verifyAgainstCheckpoints, WATCH_USAGE, watchLog, type LogVerifyResult } from './ledger-log.ts';

const VERIFY_USAGE = `crosscheck ledger verify <file|api-url> --jwks <file|url> [options]
  Verifies every signature (ES256, with jose), seq continuity from 1 and every prev
  link, then prints per monitor the incidents, downtime and uptime over the period.
  <file> is what 'ledger export' writes (the JSON of GET /v1/ledger, pages merged);
  <api-url> (or --api <url>) is the API's base URL.
      --jwks <file|url>    the public keys to trust, e.g. a saved copy of
                           <api-url>/.well-known/jwks.json (required)
      --head <seq>         the head seq the ledger is known to have (alias --expect-head).
                           Entries cut off at the END cannot be detected from the entries
                           alone: a prefix of a valid ledger is valid. An <api-url> is
                           checked against its live head, a file against the head it
                           recorded; --head overrides both with a value you trust.
      --until <now|time>   end of the period: now (the default, as the dashboard
                           counts), or an RFC 3339 time; open incidents count until then
      --window <w>         only the last 24h, 7d, 30d or 90d before --until, the hours
                           the dashboard's figure of that window covers (default: from
                           the first entry)
      --checkpoint <file|url>  also recompute the Merkle tree (RFC 6962) from the entries and
                           check it against this signed checkpoint (e.g. <api-url>/ledger/checkpoint)
      --vkey <vkey|file|url>   the log's note verifier key(s), for --checkpoint
      --since-checkpoint <file>  an older checkpoint you kept: the same entries must give
                           its root too, or the log was rewritten since
      --sla <file|url>     a signed SLA statement (GET <api-url>/v1/monitors/<id>/sla?month=):
                           its signature, its checkpoint's root, and its figures recomputed
                           from these entries
      --json               print the report as JSON
  Exit 0: all holds. 1: an entry is broken (the first one is named), the log does not
  match its checkpoint, or the SLA statement does not hold. 2: usage or input error.
`;

const EXPORT_USAGE = `crosscheck ledger export [<api-url>] [-o <file>]
  Downloads every entry (GET /v1/ledger?after=&limit=, pages merged) as
  {"entries": [{"seq", "jws"}...], "head": <seq>}, to <file> or standard output.
  The API is <api-url>, else --api <url>, else $CROSSCHECK_API, else http://127.0.0.1:8070.
      --api <url>          the CrossCheck API (instead of <api-url>)
  -o, --output <file>      write here instead of standard output
  Exit 0: exported. 2: the API could not be read, or a usage error.
`;

export const LEDGER_USAGE = `${VERIFY_USAGE}
${EXPORT_USAGE}
${PROOF_USAGE}
${WATCH_USAGE}`;

const OPTIONS = {
  api: { type: 'string' },
  jwks: { type: 'string' },
  head: { type: 'string' },
  'expect-head': { type: 'string' },
  until: { type: 'string' },
  window: { type: 'string' },
  json: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  checkpoint: { type: 'string' },
  vkey: { type: 'string' },
  'since-checkpoint': { type: 'string' },
  state: { type: 'string' },
  sla: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseFlags<typeof OPTIONS>>['values'];

const SUBCOMMANDS = { verify: VERIFY_USAGE, export: EXPORT_USAGE, proof: PROOF_USAGE, watch: WATCH_USAGE } as const;

export async function ledgerCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const usage = sub !== undefined && sub in SUBCOMMANDS ? SUBCOMMANDS[sub as keyof typeof SUBCOMMANDS] : LEDGER_USAGE;
  try {
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      (sub === undefined ? io.stderr : io.stdout).write(LEDGER_USAGE);
      return sub === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (!(sub in SUBCOMMANDS)) throw new UsageError(`unknown subcommand 'ledger ${sub}' (expected verify, export, proof or watch)`);
    if (wantsHelp(rest)) {
      io.stdout.write(usage);
      return EXIT_OK;
    }
    const { values, positionals } = parseFlags(rest, OPTIONS);
    if (sub === 'verify') return await verifyCommand(values, positionals, io);
    if (sub === 'proof') return await proofCommand(values, positionals, io);
    if (sub === 'watch') return await watchCommand(values, positionals, io);
    return await exportCommand(values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`crosscheck ledger: ${error.message}\n${seeHelp(sub !== undefined && sub in SUBCOMMANDS ? `ledger ${sub}` : 'ledger')}`);
      return EXIT_USAGE;
    }
    if (error instanceof InputError || error instanceof ValidationError) {
      io.stderr.write(`crosscheck ledger: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** The source: the one positional, or --api; `fallback` when neither is given (export), else a usage error. */
function sourceOf(values: Values, positionals: string[], name: string, fallback?: string): string {
  if (positionals.length > 0 && values.api !== undefined) throw new UsageError(`give ${name} or --api, not both`);
  if (values.api !== undefined) return values.api;
  if (positionals.length === 0 && fallback !== undefined) return fallback;
  if (positionals.length === 0) throw new UsageError(`missing ${name} (or --api <url>)`);
  return onePositional(positionals, name);
}

function refuse(values: Values, command: string, names: readonly (keyof Values)[]): void {
  for (const name of names) if (values[name] !== undefined) throw new UsageError(`--${String(name)} does not apply to 'ledger ${command}'`);
}

async function verifyCommand(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const source = sourceOf(values, positionals, '<file|api-url>');
  refuse(values, 'verify', ['output', 'state']);
  if (values.checkpoint === undefined) refuse(values, 'verify without --checkpoint', ['vkey', 'since-checkpoint']);
  if (values.jwks === undefined) throw new UsageError('--jwks <file|url> is required: the public keys the ledger must verify against, e.g. a saved copy of <api-url>/.well-known/jwks.json');
  if (values.head !== undefined && values['expect-head'] !== undefined) throw new UsageError('give --head or --expect-head, not both');
  const headFlag = values.head ?? values['expect-head'];
  const head = headFlag === undefined ? undefined : seqFlag(headFlag);
  const now = (io.now ?? Date.now)();
  // Now by default, as the dashboard counts: a period ending at the last entry would cut open incidents short.
  const until = values.until === undefined ? now : timeFlag(values.until, now);
  const window = values.window === undefined ? undefined : windowFlag(values.window);
  const since = window === undefined ? undefined : uptimeWindow(window, until).from;
  const period: PeriodNote = { end: values.until === undefined || values.until === 'now' ? 'now' : 'until', window: window ?? null };

  const fetchFn = io.fetch ?? fetch;
  const ledger: LedgerExport = isUrl(source) ? await fetchLedger(source, fetchFn) : await readLedgerFile(source);
  const jwks = await readJwks(values.jwks, fetchFn);
  const expectHead = head ?? ledger.head ?? undefined;
  const report = await auditLedger(ledger.entries, jwks, { expectHead });
  const sla = report.valid ? computeSla(report.entries.map((e) => e.payload), { since, until }) : null;
  const slaCheck =
    values.sla === undefined || !report.valid
      ? null
      : await checkSlaStatement(values.sla, jwks, { jws: ledger.entries.map((e) => e.jws), payloads: report.entries.map((e) => e.payload) }, fetchFn);
  const log =
    values.checkpoint === undefined
      ? null
      : await verifyAgainstCheckpoints(ledger.entries.map((e) => e.jws), { checkpoint: values.checkpoint, since: values['since-checkpoint'], vkey: values.vkey }, fetchFn);

  if (values.json) {
    const { entries: verified, ...rest } = report;
    io.stdout.write(`${JSON.stringify({ ...rest, verified: verified.length, sla: sla && { ...sla, period }, ...(log ? { log } : {}), ...(slaCheck ? { statement: slaCheck } : {}) }, null, 2)}\n`);
  } else {
    io.stdout.write(formatVerifyReport(report, sla, source, period));
    if (log) io.stdout.write(formatLogChecks(log));
    if (slaCheck) {
      const what = `the SLA statement for ${slaCheck.monitor ?? '?'} (${slaCheck.period?.from ?? '?'} .. ${slaCheck.period?.to ?? '?'})`;
      io.stdout.write(slaCheck.holds ? `ok    ${what} holds: the log gives its figures\n` : `FAILED: ${what} does not hold:\n${slaCheck.problems.map((p) => `  ${p}\n`).join('')}`);
    }
  }
  return report.valid && (log === null || log.failure === null) && (slaCheck === null || slaCheck.holds) ? EXIT_OK : EXIT_FAILED;
}

function formatLogChecks(log: LogVerifyResult): string {
  const lines = log.checks.map((check) => `ok    ${check}`);
  lines.push(log.failure === null ? 'the log matches its checkpoint' : `FAILED: ${log.failure}`);
  return `${lines.join('\n')}\n`;
}

async function proofCommand(values: Values, positionals: string[], io: CliIo): Promise<number> {
  refuse(values, 'proof', ['api', 'jwks', 'head', 'expect-head', 'until', 'window', 'output', 'checkpoint', 'since-checkpoint', 'state', 'sla']);
  if (positionals.length !== 2) throw new UsageError('expected <api-url> <incident-id>');
  return proveIncident(positionals[0]!, positionals[1]!, values.vkey, values.json ?? false, io);
}

async function watchCommand(values: Values, positionals: string[], io: CliIo): Promise<number> {
  refuse(values, 'watch', ['jwks', 'head', 'expect-head', 'until', 'window', 'output', 'checkpoint', 'since-checkpoint', 'json', 'sla']);
  return watchLog(sourceOf(values, positionals, '<api-url>'), values.state, values.vkey, io);
}

async function exportCommand(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const source = sourceOf(values, positionals, '<api-url>', (io.env ?? process.env).CROSSCHECK_API ?? DEFAULT_API);
  refuse(values, 'export', ['jwks', 'head', 'expect-head', 'until', 'window', 'json', 'checkpoint', 'vkey', 'since-checkpoint', 'state', 'sla']);
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

function windowFlag(text: string): StatsWindow {
  if (!(STATS_WINDOWS as readonly string[]).includes(text)) throw new UsageError(`--window '${text}': expected one of ${STATS_WINDOWS.join(', ')}, the dashboard's windows`);
  return text as StatsWindow;
}

function timeFlag(text: string, now: number): number {
  if (text === 'now') return now;
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(time)) throw new UsageError(`--until '${text}': expected 'now' or an RFC 3339 time such as 2026-05-01T00:00:00Z`);
  return time;
}
