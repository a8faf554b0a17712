/** `npm start -- [--port N] [--data-dir DIR] [--config FILE] [--regions a,b] [--host H]`. */
import { LOG_FORMATS, type LogFormat } from './logger.ts';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ValidationError, type FieldIssue } from '../core/errors.ts';
import { REGION_NAME_PATTERN } from '../core/region.ts';
import type { SmtpOptions } from '../adapters/local/mail/smtp.ts';
import { checkOrigin } from '../core/tlog/checkpoint.ts';
import { parseSmtpOptions, SMTP_FLAGS, SMTP_USAGE } from './smtp-options.ts';

export interface RuntimeOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly configFile: string | null;
  /** Logical probe regions, in order; the first is the home region. */
  readonly regions: readonly string[];
  /** Raw results older than this are swept; rollups, incidents and the ledger stay. */
  readonly retentionDays: number;
  /** How the log reads; null: pretty on a terminal, JSON otherwise. */
  readonly logFormat: LogFormat | null;
  /** The transparency log's origin, when set by the operator (`--log-origin`); otherwise `<host>:<port>/ledger` at genesis, then the stored one. */
  readonly logOrigin: string | null;
  /** tlog-witnesses asked to cosign each checkpoint (`--witness <url>=<vkey>`). */
  readonly witnesses: ReadonlyArray<{ readonly url: string; readonly vkey: string }>;
  /** The dashboard's static files. @default functions/dashboard/static beside the sources */
  readonly assetsDir?: string;
  /** E-mail over SMTP (smtp-options.ts); null: the outbox folder only. */
  readonly smtp?: SmtpOptions | null;
  /** The base URL links in alerts point to. @default the URL the server listens on */
  readonly publicUrl?: string | null;
}

export const RUNTIME_USAGE = `npm start -- [options]
  --port <n>          HTTP port (default 8070; 0 picks a free one)
  --host <addr>       address to listen on (default 127.0.0.1)
  --data-dir <dir>    data folder (default ./.crosscheck)
  --config <file>     monitors from a YAML file in Gatus' endpoints: shape
  --regions <a,b>     logical probe regions (default local-a,local-b)
  --retention-days <n> keep raw results this many days (default 90)
  --log-origin <o>    the transparency log's origin, fixed at its first checkpoint
                      (default <host>:<port>/ledger)
  --witness <url>=<vkey>  a C2SP tlog-witness to cosign each checkpoint (repeatable), e.g.
                      one run with 'crosscheck witness serve'
  --log-format <f>    pretty (one readable line per event) or json (one JSON object per line);
                      default pretty on a terminal, json otherwise
  --public-url <url>  base URL of links in alerts (default the address it listens on)
\${SMTP_USAGE}`;

export function parseRuntimeOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): RuntimeOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        regions: { type: 'string' },
        'retention-days': { type: 'string' },
        'log-format': { type: 'string' },
        'public-url': { type: 'string' },
        ...SMTP_FLAGS,
        'log-origin': { type: 'string' },
        witness: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ValidationError([{ path: '', message: (error as Error).message }]);
  }
  if (values.help) return 'help';
  const issues: FieldIssue[] = [];
  const port = wholeNumber(values.port ?? env.CROSSCHECK_PORT ?? '8070', '--port', 0, 65535, issues);
  const retentionDays = wholeNumber(values['retention-days'] ?? '90', '--retention-days', 1, 3650, issues);
  const regions = (values.regions ?? env.CROSSCHECK_REGIONS ?? 'local-a,local-b').split(',').map((r) => r.trim());
  regions.forEach((region, i) => {
    if (!REGION_NAME_PATTERN.test(region)) issues.push({ path: '--regions', message: `region ${i + 1} '${region}' must be lower-case letters, digits and dashes` });
  });
  if (new Set(regions).size !== regions.length) issues.push({ path: '--regions', message: 'regions must be distinct' });
  const logFormat = values['log-format'] ?? env.CROSSCHECK_LOG_FORMAT ?? null;
  if (logFormat !== null && !(LOG_FORMATS as readonly string[]).includes(logFormat)) {
    issues.push({ path: '--log-format', message: `'${logFormat}' must be ${LOG_FORMATS.join(' or ')}` });
  }
  const smtp = parseSmtpOptions(values, env, issues);
  const publicUrl = values['public-url'] ?? env.CROSSCHECK_PUBLIC_URL ?? null;
  if (publicUrl !== null && !/^https?:\/\/[^\s/]+/.test(publicUrl)) issues.push({ path: '--public-url', message: `'${publicUrl}' must be an http or https URL` });
  const logOrigin = values['log-origin'] ?? env.CROSSCHECK_LOG_ORIGIN ?? null;
  const originProblem = logOrigin === null ? null : checkOrigin(logOrigin);
  if (originProblem !== null) issues.push({ path: '--log-origin', message: `'${logOrigin}' ${originProblem}` });
  const witnesses = (values.witness ?? []).flatMap((text, i) => {
    const at = text.indexOf('=');
    const [url, vkey] = at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
    if (!/^https?:\/\/\S+$/.test(url) || !/^[^\s+]+\+[0-9a-f]{8}\+\S+$/.test(vkey)) {
      issues.push({ path: '--witness', message: `witness ${i + 1} '${text}' must be <http(s) url>=<vkey>` });
      return [];
    }
    return [{ url, vkey }];
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    smtp,
    publicUrl,
    logOrigin,
    witnesses,
    port,
    host: values.host ?? env.CROSSCHECK_HOST ?? '127.0.0.1',
    dataDir: resolve(values['data-dir'] ?? env.CROSSCHECK_DATA_DIR ?? '.crosscheck'),
    configFile: values.config ? resolve(values.config) : null,
    regions,
    retentionDays,
    logFormat: logFormat as LogFormat | null,
  };
}

function wholeNumber(text: string, flag: string, min: number, max: number, issues: FieldIssue[]): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    issues.push({ path: flag, message: `'${text}' must be a whole number from ${min} to ${max}` });
    return min;
  }
  return value;
}
