/**
 * The agent's own P-256 key: made on first start and kept in `<data-dir>/agent-key.jwk.json`
 * (mode 0600), reused on every start after. Its public half is what the hub publishes; a
 * missing or corrupt file next to an enrolment cannot be replaced silently, because the
 * hub accepts one key per agent: the message says so.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export interface AgentSigningKey {
  readonly privateKey: CryptoKey;
  /** The public JWK with its RFC 7638 thumbprint as kid. */
  readonly publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string; kid: string };
  readonly path: string;
  readonly created: boolean;
}

export const AGENT_KEY_FILE = 'agent-key.jwk.json';

export async function loadOrCreateAgentKey(dataDir: string): Promise<AgentSigningKey> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, AGENT_KEY_FILE);
  if (existsSync(path)) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(readFileSync(path, 'utf8')) as JWK;
      if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') throw new Error('not a P-256 private JWK');
    } catch (error) {
      throw new Error(`${path} is not the agent's P-256 private key (${(error as Error).message}); the hub knows this agent by its key: restore the file, or revoke the agent and enrol a new one`);
    }
    const privateKey = (await importJWK(jwk, 'ES256')) as CryptoKey;
    return { privateKey, publicJwk: await publicOf(jwk), path, created: false };
  }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(jwk)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  return { privateKey, publicJwk: await publicOf(jwk), path, created: true };
}

async function publicOf(jwk: JWK): Promise<AgentSigningKey['publicJwk']> {
  const pub = { kty: 'EC' as const, crv: 'P-256' as const, x: jwk.x!, y: jwk.y! };
  return { ...pub, kid: await calculateJwkThumbprint(pub) };
}
