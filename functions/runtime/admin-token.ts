/** The local admin token (and the read-only `metrics-token`): created once in the data folder (mode 0600), then reused. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';

const TOKEN = /^[A-Za-z0-9_-]{32,128}$/;

export function loadOrCreateAdminToken(dataDir: string, file = 'admin-token'): { token: string; path: string; created: boolean } {
  const path = join(dataDir, file);
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (!TOKEN.test(token)) throw new ConfigError(`${path} does not hold a valid token (32-128 URL-safe characters); delete it to have a new one made`);
    return { token, path, created: false };
  }
  const token = randomBytes(32).toString('base64url');
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  return { token, path, created: true };
}
