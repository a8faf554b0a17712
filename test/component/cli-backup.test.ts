/**
 * `crosscheck backup` and `crosscheck restore` on a real data folder made with the
 * local adapters (SQLite in WAL mode, the key file, the admin token, an outbox), its
 * database held open by a "runtime" (a live connection and the data-folder lock) while
 * the backup is taken. Every refusal is one line on stderr with its exit code, and
 * leaves the file system as it was.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDatabasePath, openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { openLocalSigner, SIGNING_KEY_FILE } from '../../functions/adapters/local/signer.ts';
import { NOTE_KEY_FILE, openLocalNoteSigner } from '../../functions/adapters/local/note-key.ts';
import { auditLedger } from '../../functions/audit/index.ts';
import { backupCommand } from '../../functions/cli/backup.ts';
import { DATA_FILES } from '../../functions/cli/data-folder.ts';
import { runCli } from '../../functions/cli/main.ts';
import { restoreCommand } from '../../functions/cli/restore.ts';
import { writeTarGz, type TarSource } from '../../functions/cli/tar.ts';
import { incidentOpenedBody, monitorChangeBody } from '../../functions/core/ledger/index.ts';
import { loadOrCreateAdminToken } from '../../functions/runtime/admin-token.ts';
import { acquireDataLock, type DataLock } from '../../functions/runtime/data-lock.ts';
import { createLedgerWriter, type LedgerWriter } from '../../functions/services/ledger.ts';
import { incident, monitorWithId, T0 } from '../helpers/fixtures.ts';

let root: string;
let dataDir: string;
let live: { stores: LocalStores; lock: DataLock; writer: LedgerWriter } | null;

async function run(command: typeof backupCommand, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await command(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

/** Every path under `dir` with its size and mode: what "changes nothing" compares. */
function tree(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const info = statSync(path);
    out.push(`${path.slice(dir.length)} ${entry.isDirectory() ? 'dir' : info.size} ${(info.mode & 0o777).toString(8)}`);
  }
  return out.sort();
}

/** A data folder as a runtime leaves it: two monitors, an incident, four ledger entries, the token, two alerts. Left open and locked. */
async function makeDataFolder(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = acquireDataLock(dir);
  const stores = openLocalStores({ path: localDatabasePath(dir) });
  const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
  loadOrCreateAdminToken(dir);
  let now = T0;
  const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock: { now: () => (now += 1000) } });
  live = { stores, lock, writer };
  const api = monitorWithId('api');
  const web = monitorWithId('web');
  for (const monitor of [api, web]) {
    await stores.monitors.create(monitor);
    await writer.append({ type: 'monitor.created', key: `monitor.created:${monitor.id}`, body: monitorChangeBody(monitor) });
  }
  const opened = incident('inc-1', 'api', T0 + 60_000, { monitorName: api.name });
  const entry = await writer.append({ type: 'incident.opened', key: 'incident.opened:inc-1', ...incidentOpenedBody(opened, api) });
  await stores.incidents.create({ ...opened, ledger: { opened: entry.seq, resolved: null } });
  await writer.append({ type: 'monitor.updated', key: 'monitor.updated:web:1', body: monitorChangeBody({ ...web, intervalSeconds: 30 }) });
  const outbox = join(dir, 'outbox');
  mkdirSync(join(outbox, '.sent'), { recursive: true });
  writeFileSync(join(outbox, '2026-11-21T10-01-00Z-down-api.json'), '{"kind":"down"}\n');
  writeFileSync(join(outbox, '2026-11-21T10-01-00Z-down-api.eml'), 'Subject: DOWN\r\n\r\n');
  writeFileSync(join(outbox, `${'x'.repeat(120)}.json`), '{}\n'); // a name too long for a plain tar header
  writeFileSync(join(outbox, '.sent', 'a'.repeat(64)), '2026-11-21T10-01-00Z-down-api\n');
  writeFileSync(join(outbox, 'half-written.json.123.abcd.tmp'), '{');
}

const ledgerOf = (db: string) => {
  const conn = new DatabaseSync(db, { readOnly: true });
  try {
    return conn.prepare('SELECT seq, jws FROM ledger ORDER BY seq').all() as { seq: number; jws: string }[];
  } finally {
    conn.close();
  }
};

const oneLine = (text: string) => expect(text).toMatch(/^crosscheck (backup|restore): [^\n]+\n$/);

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'crosscheck-backup-'));
  dataDir = join(root, 'data');
  live = null;
  await makeDataFolder(dataDir);
});

afterEach(() => {
  live?.stores.close();
  live?.lock.release();
  rmSync(root, { recursive: true, force: true });
});

describe('crosscheck backup', () => {
  it('writes one gzip tar, mode 0600, from a data folder in use, says it holds secrets, and touches nothing else', async () => {
    const before = tree(dataDir);
    const file = join(root, 'backup.tar.gz');
    const { code, stdout, stderr } = await run(backupCommand, file, '--data-dir', dataDir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(stdout).toContain(`Backup written to ${file}`);
    expect(stdout).toContain('mode 0600');
    expect(stdout).toMatch(/2 monitors, 1 incident \(1 open\), ledger head 4, every entry verified/);
    expect(stdout).toMatch(/PRIVATE signing key/);
    expect(stdout).toMatch(/holds secrets/);
    expect(stdout).toContain(`crosscheck restore ${file} --data-dir`);
    expect(tree(dataDir).filter((p) => !/crosscheck\.db-(wal|shm)/.test(p))).toEqual(before.filter((p) => !/crosscheck\.db-(wal|shm)/.test(p)));
    expect(readdirSync(root).sort(), 'no staging folder is left').toEqual(['backup.tar.gz', 'data']);

    const listing = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
    if (listing.error) return; // no tar on this machine: the restore test below reads it
    expect(listing.stdout.trim().split('\n').sort()).toEqual(
      [
        'admin-token',
        'crosscheck.db',
        'ledger-signing-key.jwk.json',
        'outbox/',
        'outbox/.sent/',
        `outbox/.sent/${'a'.repeat(64)}`,
        'outbox/2026-11-21T10-01-00Z-down-api.eml',
        'outbox/2026-11-21T10-01-00Z-down-api.json',
        `outbox/${'x'.repeat(120)}.json`,
      ].sort(),
    );
  });

  it('carries the transparency log\'s Ed25519 note key, mode 0600, when the folder has one', async () => {
    await openLocalNoteSigner(dataDir, { origin: 'backup.test/ledger', logHasCheckpoints: false });
    const file = join(root, 'with-note-key.tar.gz');
    expect((await run(backupCommand, file, '--data-dir', dataDir)).code).toBe(0);
    const target = join(root, 'restored-note-key');
    expect((await run(restoreCommand, file, '--data-dir', target)).code).toBe(0);
    expect(readFileSync(join(target, NOTE_KEY_FILE), 'utf8')).toBe(readFileSync(join(dataDir, NOTE_KEY_FILE), 'utf8'));
    expect(statSync(join(target, NOTE_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('takes a snapshot that standard tar restores into a folder the runtime would open, with the same ledger, key and token', async () => {
    const file = join(root, 'b.tar.gz');
    expect((await run(backupCommand, file, '--data-dir', dataDir)).code).toBe(0);
    // The runtime goes on writing: the backup is the moment it was taken.
    await live!.writer.append({ type: 'monitor.deleted', key: 'monitor.deleted:web', body: monitorChangeBody(monitorWithId('web')) });
    const restored = join(root, 'by-tar');
    mkdirSync(restored, { mode: 0o700 });
    const extract = spawnSync('tar', ['-xzf', file, '-C', restored], { encoding: 'utf8' });
    if (extract.error) return;
    expect(extract.status, extract.stderr).toBe(0);
    expect(ledgerOf(localDatabasePath(dataDir))).toHaveLength(5);
    expect(ledgerOf(localDatabasePath(restored))).toEqual(ledgerOf(localDatabasePath(dataDir)).slice(0, 4));
    expect(readFileSync(join(restored, SIGNING_KEY_FILE), 'utf8')).toBe(readFileSync(join(dataDir, SIGNING_KEY_FILE), 'utf8'));
    expect(loadOrCreateAdminToken(restored)).toMatchObject({ created: false, token: loadOrCreateAdminToken(dataDir).token });
    const stores = openLocalStores({ path: localDatabasePath(restored) });
    try {
      expect((await stores.monitors.all()).map((m) => m.id).sort()).toEqual(['api', 'web']);
      expect((await stores.incidents.get('inc-1'))?.status).toBe('open');
    } finally {
      stores.close();
    }
  });
});

describe('crosscheck restore', () => {
  let file: string;
  beforeEach(async () => {
    file = join(root, 'backup.tar.gz');
    expect((await run(backupCommand, file, '--data-dir', dataDir)).code).toBe(0);
  });

  it('restores into a new folder (mode 0700, files 0600) that holds the same monitors, incidents, ledger, key and token, and whose ledger audits', async () => {
    const target = join(root, 'restored');
    const { code, stdout, stderr } = await run(restoreCommand, file, '--data-dir', target);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/2 monitors, 1 incident \(1 open\), ledger head 4, every entry verified against the restored key/);
    expect(stdout).toContain(`npm start -- --data-dir ${target}`);
    expect(statSync(target).mode & 0o777).toBe(0o700);
    for (const name of [DATA_FILES.database, DATA_FILES.signingKey, DATA_FILES.adminToken]) expect(statSync(join(target, name)).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(target, 'outbox')).sort()).toEqual(['.sent', '2026-11-21T10-01-00Z-down-api.eml', '2026-11-21T10-01-00Z-down-api.json', `${'x'.repeat(120)}.json`].sort());
    expect(readdirSync(root).sort(), 'no staging folder is left').toEqual(['backup.tar.gz', 'data', 'restored']);

    const signer = await openLocalSigner(target, { ledgerHasEntries: true });
    const original = await openLocalSigner(dataDir, { ledgerHasEntries: true });
    expect(signer.kid).toBe(original.kid);
    const entries = ledgerOf(localDatabasePath(target));
    expect(entries).toEqual(ledgerOf(localDatabasePath(dataDir)));
    expect((await auditLedger(entries, { keys: [{ ...(await signer.publicJwk()) }] }, { expectHead: 4 })).valid).toBe(true);
    expect(loadOrCreateAdminToken(target).token).toBe(loadOrCreateAdminToken(dataDir).token);
  });

  it('restores into an existing empty folder', async () => {
    const target = join(root, 'empty');
    mkdirSync(target);
    expect((await run(restoreCommand, file, '--data-dir', target)).code).toBe(0);
    expect(readdirSync(target)).toContain(DATA_FILES.database);
  });

  it('is reached through the crosscheck dispatcher, as is backup', async () => {
    let out = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => undefined } };
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out).toMatch(/backup <file>/);
    expect(out).toMatch(/restore <file>/);
    expect(await runCli(['restore', file, '--data-dir', join(root, 'via-main')], io)).toBe(0);
  });
});

describe('refusals: one line, an exit code, nothing changed', () => {
  let good: string;
  beforeEach(async () => {
    good = join(root, 'good.tar.gz');
    expect((await run(backupCommand, good, '--data-dir', dataDir)).code).toBe(0);
  });

  /** Archives a restore must refuse, written with the same tar writer (so only their content is wrong). */
  async function archive(name: string, change: (sources: TarSource[]) => TarSource[]): Promise<string> {
    const extracted = join(root, `src-${name}`);
    mkdirSync(extracted);
    spawnSync('tar', ['-xzf', good, '-C', extracted]);
    const file = join(root, `${name}.tar.gz`);
    const now = new Date();
    const sources: TarSource[] = [DATA_FILES.database, DATA_FILES.signingKey, DATA_FILES.adminToken].map((n) => ({
      type: 'file',
      name: n,
      mode: 0o600,
      mtime: now,
      content: readFileSync(join(extracted, n)),
    }));
    await writeTarGz(file, change(sources));
    rmSync(extracted, { recursive: true });
    return file;
  }

  const otherKey = async () => {
    const dir = join(root, 'other-key');
    const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
    const text = readFileSync(signer.keyPath);
    rmSync(dir, { recursive: true });
    return text;
  };

  const backupCases: [string, () => string[] | Promise<string[]>, number, RegExp][] = [
    ['no <file>', () => ['--data-dir', dataDir], 2, /expected one <file>/],
    ['an unknown flag', () => [join(root, 'x.tar.gz'), '--data-folder', dataDir], 2, /Unknown option '--data-folder'/],
    ['no data folder there', () => [join(root, 'x.tar.gz'), '--data-dir', join(root, 'nowhere')], 2, /no data folder at .*nowhere \(give it with --data-dir/],
    ['a file as data folder', () => [join(root, 'x.tar.gz'), '--data-dir', good], 2, /is not a folder/],
    [
      'a folder that is not a data folder',
      () => {
        mkdirSync(join(root, 'photos'));
        writeFileSync(join(root, 'photos', 'cat.jpg'), 'meow');
        return [join(root, 'x.tar.gz'), '--data-dir', join(root, 'photos')];
      },
      2,
      /photos is not a CrossCheck data folder: it has no crosscheck\.db/,
    ],
    [
      'a crosscheck.db that is not SQLite',
      () => {
        mkdirSync(join(root, 'fake'));
        writeFileSync(join(root, 'fake', DATA_FILES.database), 'not a database, just text that is long enough to look like a header '.repeat(10));
        writeFileSync(join(root, 'fake', DATA_FILES.signingKey), '{}');
        return [join(root, 'x.tar.gz'), '--data-dir', join(root, 'fake')];
      },
      2,
      /fake is not a CrossCheck data folder: crosscheck\.db is not an SQLite database/,
    ],
    [
      'an SQLite database of something else',
      () => {
        mkdirSync(join(root, 'other'));
        const db = new DatabaseSync(join(root, 'other', DATA_FILES.database));
        db.exec('CREATE TABLE recipes (name TEXT)');
        db.close();
        writeFileSync(join(root, 'other', DATA_FILES.signingKey), '{}');
        return [join(root, 'x.tar.gz'), '--data-dir', join(root, 'other')];
      },
      2,
      /not a CrossCheck database \(no table monitors, states, incidents, ledger\)/,
    ],
    ['a <file> that exists', () => [good, '--data-dir', dataDir], 2, /good\.tar\.gz exists; a backup never overwrites a file/],
    ['a <file> in a folder that does not exist', () => [join(root, 'missing', 'x.tar.gz'), '--data-dir', dataDir], 1, /cannot write .*x\.tar\.gz: the folder .*missing does not exist/],
    ['a <file> under a file', () => [join(good, 'x.tar.gz'), '--data-dir', dataDir], 1, /cannot write .*x\.tar\.gz: a part of its path is not a folder/],
    [
      'a key that does not sign this ledger',
      async () => {
        writeFileSync(join(dataDir, SIGNING_KEY_FILE), await otherKey());
        return [join(root, 'x.tar.gz'), '--data-dir', dataDir];
      },
      1,
      /the data folder .* does not verify, so no backup was written: the ledger does not verify against ledger-signing-key\.jwk\.json: entry seq 1/,
    ],
    [
      'a corrupt key',
      () => {
        writeFileSync(join(dataDir, SIGNING_KEY_FILE), '{"kty":"EC"');
        return [join(root, 'x.tar.gz'), '--data-dir', dataDir];
      },
      1,
      /ledger-signing-key\.jwk\.json is not JSON/,
    ],
  ];

  it.each(backupCases)('backup refuses %s', async (_name, argv, exit, message) => {
    const args = await argv();
    const before = tree(root);
    const { code, stdout, stderr } = await run(backupCommand, ...args);
    expect(stderr).toMatch(message);
    oneLine(stderr);
    expect({ code, stdout }).toEqual({ code: exit, stdout: '' });
    expect(tree(root).filter((p) => !/crosscheck\.db-(wal|shm)/.test(p))).toEqual(before.filter((p) => !/crosscheck\.db-(wal|shm)/.test(p)));
  });

  const restoreCases: [string, () => string[] | Promise<string[]>, number, RegExp][] = [
    ['no <file>', () => ['--data-dir', join(root, 'r')], 2, /expected one <file>/],
    ['a missing <file>', () => [join(root, 'nope.tar.gz'), '--data-dir', join(root, 'r')], 2, /no such file: .*nope\.tar\.gz/],
    ['an existing data folder', () => [good, '--data-dir', dataDir], 2, /data exists and is not an empty folder; restore only into a new data folder/],
    ['a file where the folder would go', () => [good, '--data-dir', good], 2, /good\.tar\.gz exists and is not an empty folder/],
    [
      'a truncated backup',
      () => {
        const bytes = readFileSync(good);
        writeFileSync(join(root, 'cut.tar.gz'), bytes.subarray(0, Math.floor(bytes.length / 2)));
        return [join(root, 'cut.tar.gz'), '--data-dir', join(root, 'r')];
      },
      1,
      /cut\.tar\.gz is not a readable backup: the archive cannot be read: unexpected end of file/,
    ],
    [
      'a backup with a flipped byte',
      () => {
        const bytes = Buffer.from(readFileSync(good));
        bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
        writeFileSync(join(root, 'flip.tar.gz'), bytes);
        return [join(root, 'flip.tar.gz'), '--data-dir', join(root, 'r')];
      },
      1,
      /flip\.tar\.gz is not a readable backup: /,
    ],
    [
      'a file that is not an archive',
      () => {
        writeFileSync(join(root, 'notes.txt'), 'shopping list\n');
        return [join(root, 'notes.txt'), '--data-dir', join(root, 'r')];
      },
      1,
      /notes\.txt is not a readable backup: it is not a tar archive/,
    ],
    [
      'an archive with a path out of the folder',
      async () => [await archive('escape', (s) => [...s, { type: 'file', name: '../escaped', mode: 0o600, mtime: new Date(), content: Buffer.from('x') }]), '--data-dir', join(root, 'r')],
      1,
      /it holds '\.\.\/escaped', which is not part of a CrossCheck data folder/,
    ],
    [
      'an archive with files a data folder does not have',
      async () => [await archive('extra', (s) => [...s, { type: 'file', name: 'runtime.lock', mode: 0o600, mtime: new Date(), content: Buffer.from('x') }]), '--data-dir', join(root, 'r')],
      1,
      /it holds 'runtime\.lock', which is not part of/,
    ],
    [
      'a backup without its key',
      async () => [await archive('nokey', (s) => s.filter((f) => f.name !== DATA_FILES.signingKey)), '--data-dir', join(root, 'r')],
      1,
      /is not a CrossCheck backup: it holds no ledger-signing-key\.jwk\.json/,
    ],
    [
      'a backup whose key does not sign its ledger',
      async () => {
        const key = await otherKey();
        return [await archive('wrongkey', (s) => s.map((f) => (f.name === DATA_FILES.signingKey ? { ...f, content: key } : f))), '--data-dir', join(root, 'r')];
      },
      1,
      /does not restore a working data folder: the ledger does not verify against ledger-signing-key\.jwk\.json: entry seq 1/,
    ],
    [
      'a backup whose database is damaged',
      async () =>
        [
          await archive('baddb', (s) =>
            s.map((f) => {
              if (f.name !== DATA_FILES.database || !('content' in f)) return f;
              const bytes = Buffer.from(f.content);
              bytes.fill(0x55, 4096, 8192); // page 2 overwritten
              return { ...f, content: bytes };
            }),
          ),
          '--data-dir',
          join(root, 'r'),
        ],
      1,
      /does not restore a working data folder: crosscheck\.db (is damaged|cannot be read)/,
    ],
    [
      'a backup with a bad admin token',
      async () => [await archive('badtoken', (s) => s.map((f) => (f.name === DATA_FILES.adminToken ? { ...f, content: Buffer.from('short\n') } : f))), '--data-dir', join(root, 'r')],
      1,
      /admin-token does not hold a valid token/,
    ],
  ];

  it.each(restoreCases)('restore refuses %s', async (_name, argv, exit, message) => {
    const args = await argv();
    const before = tree(root);
    const { code, stdout, stderr } = await run(restoreCommand, ...args);
    expect(stderr).toMatch(message);
    oneLine(stderr);
    expect({ code, stdout }).toEqual({ code: exit, stdout: '' });
    expect(tree(root).filter((p) => !/crosscheck\.db-(wal|shm)/.test(p))).toEqual(before.filter((p) => !/crosscheck\.db-(wal|shm)/.test(p)));
  });
});

describe('the data folder names the CLI repeats (it may not import the local adapters)', () => {
  it('are the runtime’s', () => {
    expect(DATA_FILES.database).toBe(basename(localDatabasePath(root)));
    expect(DATA_FILES.signingKey).toBe(SIGNING_KEY_FILE);
    expect(DATA_FILES.adminToken).toBe(basename(loadOrCreateAdminToken(dataDir).path));
  });
});
