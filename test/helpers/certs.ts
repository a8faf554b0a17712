/**
 * Certificates made at test time (no files, no openssl CLI): a test CA, leaf
 * certificates it signs, self-signed ones, expired ones. EC P-256 keys, so that
 * generating them is fast.
 */
import { generate } from 'selfsigned';

export interface TestCertificate {
  /** PEM private key. */
  readonly key: string;
  /** PEM certificate. */
  readonly cert: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LeafOptions {
  /** DNS names for subjectAltName (the first is also the common name). @default ['localhost'] */
  readonly dnsNames?: readonly string[];
  /** IP addresses for subjectAltName. @default ['127.0.0.1'] */
  readonly ips?: readonly string[];
  /** @default yesterday */
  readonly notBefore?: Date;
  /** @default in 90 days */
  readonly notAfter?: Date;
  /** Signs the certificate; self-signed when absent. */
  readonly issuer?: TestCertificate;
}

/** A CA certificate and key, valid from yesterday for a year, to sign leaves with. */
export async function createTestCa(commonName = 'CrossCheck Test CA'): Promise<TestCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** A server certificate for the given names, signed by `issuer` or self-signed. */
export async function createLeafCertificate(options: LeafOptions = {}): Promise<TestCertificate> {
  const now = Date.now();
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ips = options.ips ?? ['127.0.0.1'];
  const pems = await generate([{ name: 'commonName', value: dnsNames[0] ?? ips[0] ?? 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: options.notBefore ?? new Date(now - DAY_MS),
    notAfterDate: options.notAfter ?? new Date(now + 90 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...dnsNames.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
    ...(options.issuer ? { ca: { key: options.issuer.key, cert: options.issuer.cert } } : {}),
  });
  return { key: pems.private, cert: pems.cert };
}

export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY_MS);
}
