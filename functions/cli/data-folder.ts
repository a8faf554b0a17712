/**
 * What `crosscheck backup` and `restore` know of a local data folder: its file names,
 * a consistent snapshot of its live database, and the check that a set of its files
 * would start and verify (the database is whole and CrossCheck's, the key is a usable
 * P-256 key, and every ledger entry verifies against it with the offline audit).
 *
 * The CLI may not import the local adapters (the boundary rules: it shares the core,
 * the engine and the audit only), so the names are repeated here; a component test
 * holds them equal to the runtime's (test/component/cli-backup.test.ts).
 */
import { DatabaseSync } from 'node:sqlite';
import { calculateJwkThumbprint, type JSONWebKeySet } from 'jose';
import { auditLedger } from '../audit/index.ts';
import { parseSigningKeyJwk, type PrivateSigningJwk } from '../core/ledger/signing-key.ts';

/** The files of a data folder (functions/adapters/local and functions/runtime write them). */
export const DATA_FILES = {
  database: 'crosscheck.db',
  signingKey: 'ledger-signing-key.jwk.json',
  adminToken: 'admin-token',
  /** The transparency log's Ed25519 note key (functions/adapters/local/note-key.ts). */
  noteKey: 'ledger-note-ed25519.key',
  outbox: 'outbox',
} as const;

/** The tables a CrossCheck database has from its first schema version on. */
const CROSSCHECK_TABLES = ['monitors', 'states', 'incidents', 'ledger'] as const;
/** As functions/runtime/admin-token.ts accepts it. */
const ADMIN_TOKEN = /^[A-Za-z0-9_-]{32,128}$/;
/** How long the snapshot waits for the runtime's write lock moments (it never takes the lock). */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * A data folder's files that would not start or not verify; `message` says which and why.
 * `foreign`: not CrossCheck's at all (not SQLite, or none of its tables).
 */
export class DataFolderError extends Error {
  readonly foreign: boolean;
  constructor(message: string, options?: { cause?: unknown; foreign?: boolean }) {
    super(message, options);
    this.name = 'DataFolderError';
    this.foreign = options?.foreign ?? false;
  }
}

export interface FolderSummary {
  readonly monitors: number;
  readonly incidents: number;
  readonly openIncidents: number;
  /** The ledger's last seq, 0 when empty. */
  readonly ledgerHead: number;
  /** The signing key's id (RFC 7638 thumbprint), as the runtime publishes it in its JWKS. */
  readonly kid: string;
}

/**
 * Copies the database at `source` into a new file `target` as one consistent snapshot
 * (`VACUUM INTO`, inside one read transaction), while a runtime may be writing to it.
 * The source is opened read-only: no lock of the runtime is taken, nothing is written.
 */
export function snapshotDatabase(source: string, target: string): void {
  const db = openReadOnly(source);
  try {
    assertCrossCheckSchema(db);
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
}

/** Checks the files of a data folder (a snapshot, or a restored copy); DataFolderError names the first problem. */
export async function checkDataFiles(files: { readonly database: string; readonly signingKey: string; readonly adminToken: string | null }): Promise<FolderSummary> {
  if (files.adminToken !== null && !ADMIN_TOKEN.test(files.adminToken.trim())) {
    throw new DataFolderError(`${DATA_FILES.adminToken} does not hold a valid token (32-128 URL-safe characters)`);
  }
  const { jwks, kid } = await publicKeyOf(files.signingKey);
  const db = openReadOnly(files.database);
  let entries: { seq: number; jws: string }[];
  let counts: { monitors: number; incidents: number; open: number };
  try {
    const integrity = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') {
      throw new DataFolderError(`${DATA_FILES.database} is damaged: ${integrity.slice(0, 3).map((r) => r.integrity_check).join('; ')}`);
    }
    assertCrossCheckSchema(db);
    entries = db.prepare('SELECT seq, jws FROM ledger ORDER BY seq').all() as { seq: number; jws: string }[];
    counts = db
      .prepare("SELECT (SELECT count(*) FROM monitors) AS monitors, (SELECT count(*) FROM incidents) AS incidents, (SELECT count(*) FROM incidents WHERE status = 'open') AS open")
      .get() as { monitors: number; incidents: number; open: number };
  } catch (error) {
    throw asFolderError(error, DATA_FILES.database);
  } finally {
    db.close();
  }
  const head = entries.at(-1)?.seq ?? 0;
  const report = await auditLedger(entries, jwks, { expectHead: head });
  if (!report.valid) {
    throw new DataFolderError(`the ledger does not verify against ${DATA_FILES.signingKey}: ${report.problem?.message ?? 'unknown problem'}`);
  }
  return { monitors: counts.monitors, incidents: counts.incidents, openIncidents: counts.open, ledgerHead: head, kid };
}

function openReadOnly(path: string): DatabaseSync {
  try {
    return new DatabaseSync(path, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw asFolderError(error, DATA_FILES.database);
  }
}

function assertCrossCheckSchema(db: DatabaseSync): void {
  let tables: Set<string>;
  try {
    tables = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  } catch (error) {
    throw asFolderError(error, DATA_FILES.database);
  }
  const missing = CROSSCHECK_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0) throw new DataFolderError(`${DATA_FILES.database} is not a CrossCheck database (no table ${missing.join(', ')})`, { foreign: true });
}

function asFolderError(error: unknown, file: string): unknown {
  if (error instanceof DataFolderError) return error;
  const { errcode, message } = error as { errcode?: number; message?: string };
  if (typeof errcode === 'number' && (errcode & 0xff) === 26) return new DataFolderError(`${file} is not an SQLite database`, { cause: error, foreign: true });
  if (typeof errcode === 'number' && (errcode & 0xff) === 11) return new DataFolderError(`${file} is damaged (${message})`, { cause: error });
  if (typeof errcode === 'number') return new DataFolderError(`${file} cannot be read: ${message}`, { cause: error });
  return error;
}

/** The public half of the key file as the runtime's JWKS has it, after proving the two halves belong together. */
async function publicKeyOf(text: string): Promise<{ jwks: JSONWebKeySet; kid: string }> {
  let jwk: PrivateSigningJwk;
  try {
    jwk = parseSigningKeyJwk(text);
  } catch (error) {
    const why = (error as Error).message;
    throw new DataFolderError(why === 'not JSON' ? `${DATA_FILES.signingKey} is not JSON` : `${DATA_FILES.signingKey} is not a usable signing key (${why})`);
  }
  const { x, y } = jwk;
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x, y }, 'sha256');
  return { jwks: { keys: [{ kty: 'EC', crv: 'P-256', x, y, kid, alg: 'ES256', use: 'sig' }] }, kid };
}
