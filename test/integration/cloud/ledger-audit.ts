/**
 * The signed ledger as an outsider checks it: the KMS key's public half as a JWK (from
 * `GetPublicKey`, with its RFC 7638 thumbprint as kid), and `auditLedger` over every
 * entry in the table, up to the head.
 */
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, exportJWK, importSPKI, type JWK } from 'jose';
import { auditLedger, type AuditReport } from '../../../functions/audit/index.ts';
import type { LedgerStore } from '../../../functions/ports/ledger-store.ts';
import type { MotoServer } from '../../helpers/moto-server.ts';

export async function kmsPublicJwk(moto: MotoServer, region: string, keyId: string): Promise<JWK> {
  const spki = (await new KMSClient(moto.config(region)).send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!;
  const jwk = await exportJWK(await importSPKI(`-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64')}\n-----END PUBLIC KEY-----`, 'ES256'));
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

/** Every entry of the ledger, audited against `jwk` with the store's head as the expected head. */
export async function auditStoredLedger(ledger: LedgerStore, jwk: JWK): Promise<AuditReport> {
  const head = await ledger.head();
  const entries = await ledger.range(0, (head?.seq ?? 0) + 1);
  return auditLedger(entries, { keys: [jwk] }, { expectHead: head?.seq ?? 0 });
}
