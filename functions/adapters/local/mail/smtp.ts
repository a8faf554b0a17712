/**
 * E-mail over SMTP with nodemailer: implicit TLS (port 465), STARTTLS (required, so a
 * server that does not offer it is refused rather than written to in clear text) or
 * none (a relay on the same machine), optional AUTH, timeouts for a server that stalls.
 * A refusal or a failure comes back as MailError with the SMTP reply code, retryable for
 * 4xx replies and for a server that could not be reached or stalled; never with the password.
 */
import nodemailer from 'nodemailer';
import { MailError } from '../../../core/errors.ts';
import type { Mail, MailTransport } from '../../../ports/mail-transport.ts';

export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

export interface SmtpOptions {
  readonly host: string;
  /** @default 465 for tls, 587 otherwise */
  readonly port?: number;
  /** @default 'starttls' */
  readonly security?: SmtpSecurity;
  readonly user?: string;
  readonly password?: string;
  /** e.g. `CrossCheck <alerts@example.com>`. */
  readonly from: string;
  /** Trust these PEM certificates instead of the system roots (a private CA; tests). */
  readonly ca?: string;
  /** Connecting and the server's greeting, each. @default 10000 */
  readonly connectionTimeoutMs?: number;
  /** Silence on an open connection. @default 30000 */
  readonly socketTimeoutMs?: number;
}

export interface SmtpTransport extends MailTransport {
  close(): void;
}

/** nodemailer's error codes for a server that could not be reached or went quiet: worth another attempt. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']);

export function mailErrorOf(error: unknown): MailError {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const retryable = responseCode !== null ? responseCode >= 400 && responseCode < 500 : TRANSIENT_CODES.has(e.code ?? '');
  const reply = e.response ? e.response.split(/\r?\n/)[0] : (e.message ?? String(error));
  return new MailError(`smtp${e.code ? ` ${e.code}` : ''}: ${reply}`, { responseCode, retryable, cause: error });
}

export function createSmtpTransport(options: SmtpOptions): SmtpTransport {
  const security = options.security ?? 'starttls';
  const transporter = nodemailer.createTransport({
    host: options.host,
    port: options.port ?? (security === 'tls' ? 465 : 587),
    secure: security === 'tls',
    requireTLS: security === 'starttls',
    ignoreTLS: security === 'none',
    ...(options.user === undefined ? {} : { auth: { user: options.user, pass: options.password ?? '' } }),
    tls: { ...(options.ca === undefined ? {} : { ca: options.ca }), servername: options.host },
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.connectionTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async sendMail(mail: Mail) {
      try {
        await transporter.sendMail({
          from: options.from,
          to: [...mail.to],
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          ...(mail.headers ? { headers: { ...mail.headers } } : {}),
        });
      } catch (error) {
        throw mailErrorOf(error);
      }
    },
    close: () => transporter.close(),
  };
}
