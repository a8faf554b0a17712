/**
 * SMTP settings of the local mode, from flags or the environment (a flag wins):
 *   --smtp-host / CROSSCHECK_SMTP_HOST        (SMTP is off without it: alerts go to the outbox only)
 *   --smtp-port / CROSSCHECK_SMTP_PORT        (default 465 with tls, 587 otherwise)
 *   --smtp-security / CROSSCHECK_SMTP_SECURITY  tls | starttls | none (default starttls)
 *   --smtp-user / CROSSCHECK_SMTP_USER
 *   CROSSCHECK_SMTP_PASSWORD                  (environment only: a flag would show in `ps`)
 *   --smtp-from / CROSSCHECK_SMTP_FROM        (default CrossCheck <crosscheck@localhost>)
 * A YAML file's Gatus `alerting.email` (host, port, username, password, from) fills what is left.
 */
import type { FieldIssue } from '../core/errors.ts';
import { SMTP_SECURITY, type SmtpOptions, type SmtpSecurity } from '../adapters/local/mail/smtp.ts';

export const SMTP_FLAGS = {
  'smtp-host': { type: 'string' },
  'smtp-port': { type: 'string' },
  'smtp-security': { type: 'string' },
  'smtp-user': { type: 'string' },
  'smtp-from': { type: 'string' },
} as const;

export const SMTP_USAGE = `  --smtp-host <host>  send e-mail alerts over SMTP (default: none, alerts go to the outbox folder only)
  --smtp-port <n>     default 465 with --smtp-security tls, else 587
  --smtp-security <s> tls, starttls (default; the server must offer it) or none
  --smtp-user <user>  AUTH user; the password is read from CROSSCHECK_SMTP_PASSWORD only
  --smtp-from <addr>  sender (default CrossCheck <crosscheck@localhost>)
`;

export const DEFAULT_FROM = 'CrossCheck <crosscheck@localhost>';

export function parseSmtpOptions(
  values: Readonly<Partial<Record<keyof typeof SMTP_FLAGS, string | undefined>>>,
  env: Readonly<Record<string, string | undefined>>,
  issues: FieldIssue[],
): SmtpOptions | null {
  const host = values['smtp-host'] ?? env.CROSSCHECK_SMTP_HOST;
  if (host === undefined || host === '') return null;
  const security = (values['smtp-security'] ?? env.CROSSCHECK_SMTP_SECURITY ?? 'starttls') as SmtpSecurity;
  if (!SMTP_SECURITY.includes(security)) issues.push({ path: '--smtp-security', message: `'${security}' must be ${SMTP_SECURITY.join(', ')}` });
  const portText = values['smtp-port'] ?? env.CROSSCHECK_SMTP_PORT;
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) issues.push({ path: '--smtp-port', message: `'${portText}' must be a whole number from 1 to 65535` });
  }
  const user = values['smtp-user'] ?? env.CROSSCHECK_SMTP_USER;
  const password = env.CROSSCHECK_SMTP_PASSWORD;
  if (password !== undefined && user === undefined) issues.push({ path: '--smtp-user', message: 'CROSSCHECK_SMTP_PASSWORD is set but no user: give --smtp-user' });
  return {
    host,
    security,
    from: values['smtp-from'] ?? env.CROSSCHECK_SMTP_FROM ?? DEFAULT_FROM,
    ...(port === undefined ? {} : { port }),
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password }),
  };
}
