/**
 * The dashboard's static files from a folder: functions/dashboard/static in local mode,
 * the copy shipped beside the bundle in Lambda. Only plain file names below the folder
 * are served; anything that tries to climb out is not found.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AssetSource } from '../../ports/assets.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

export function createDirectoryAssetSource(root: string): AssetSource {
  const base = normalize(root + sep);
  const cache = new Map<string, { body: Uint8Array; contentType: string } | null>();
  return {
    async get(path) {
      if (cache.has(path)) return cache.get(path) ?? null;
      const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
      const full = normalize(join(base, path));
      let found: { body: Uint8Array; contentType: string } | null = null;
      if (contentType && full.startsWith(base) && !path.includes('\0')) {
        try {
          found = { body: await readFile(full), contentType };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
        }
      }
      cache.set(path, found);
      return found;
    },
  };
}
