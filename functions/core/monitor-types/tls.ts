/**
 * A `tls` monitor: a TLS handshake only, directly (`tls://host:port`) or after
 * STARTTLS in SMTP, IMAP or POP3. The certificate's facts, `[CERTIFICATE_EXPIRATION]`,
 * the same expiry warnings as HTTP; a chain or host name that does not verify fails
 * with cause `tls`.
 */
import * as z from 'zod';
import { endpointUrl } from './endpoint.ts';

export const TLS_SCHEMES = ['tls'] as const;
export const STARTTLS_PROTOCOLS = ['smtp', 'imap', 'pop3'] as const;
export type StarttlsProtocol = (typeof STARTTLS_PROTOCOLS)[number];
export const TLS_DEFAULT_CONDITION = '[CONNECTED] == true';

export const TlsFields = {
  type: z.literal('tls'),
  url: endpointUrl(TLS_SCHEMES).describe('tls://host:port.'),
  starttls: z
    .enum(STARTTLS_PROTOCOLS)
    .optional()
    .describe('Speak this protocol in plain text first and upgrade with STARTTLS (SMTP, IMAP) or STLS (POP3); absent: TLS from the first byte.'),
};
