/** The TLS facts of a finished handshake: protocol, cipher, leaf certificate, verification. */
import type { TLSSocket } from 'node:tls';
import type { TlsFacts } from '../core/check-result.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `{ CN: 'a', O: ['b', 'c'] }` -> `CN=a, O=b, O=c`. */
export function formatName(name: Readonly<Record<string, string | string[] | undefined>> | undefined): string | null {
  if (!name) return null;
  const parts = Object.entries(name).flatMap(([key, value]) =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => `${key}=${v}`),
  );
  return parts.length > 0 ? parts.join(', ') : null;
}

/** `DNS:a.test, IP Address:127.0.0.1, DNS:"x,y"` -> `['a.test', '127.0.0.1', 'x,y']`. */
export function parseSubjectAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const entries = text.match(/[^:,\s]+(?: [^:,]+)?:(?:"(?:[^"\\]|\\.)*"|[^,]*)/g) ?? [];
  return entries.map((entry) => {
    const value = entry.slice(entry.indexOf(':') + 1).trim();
    if (value.startsWith('"')) {
      try {
        return JSON.parse(value) as string;
      } catch {
        return value;
      }
    }
    return value;
  });
}

function isoDate(text: string | undefined): string | null {
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** OpenSSL's code for why the peer did not verify (`CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`, ...). */
function verificationError(socket: TLSSocket): string | null {
  if (socket.authorized) return null;
  const error: unknown = socket.authorizationError;
  if (typeof error === 'string') return error;
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return 'UNABLE_TO_VERIFY';
}

/** Facts about the handshake on `socket`; `nowMs` (epoch ms) dates `daysLeft`. */
export function tlsFacts(socket: TLSSocket, nowMs: number): TlsFacts {
  const cert = socket.getPeerCertificate(false) as Partial<ReturnType<TLSSocket['getPeerCertificate']>> | null;
  const hasCert = cert !== null && typeof cert.fingerprint256 === 'string';
  const notAfter = hasCert ? isoDate(cert.valid_to) : null;
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: socket.getCipher()?.name ?? null,
    subject: hasCert ? formatName(cert.subject as Record<string, string | string[]> | undefined) : null,
    issuer: hasCert ? formatName(cert.issuer as Record<string, string | string[]> | undefined) : null,
    subjectAltNames: hasCert ? parseSubjectAltNames(cert.subjectaltname) : [],
    notBefore: hasCert ? isoDate(cert.valid_from) : null,
    notAfter,
    fingerprint256: hasCert ? (cert.fingerprint256 ?? null) : null,
    daysLeft: notAfter ? Math.floor((Date.parse(notAfter) - nowMs) / DAY_MS) : null,
    chainVerified: socket.authorized,
    verificationError: verificationError(socket),
  };
}
