/**
 * The dashboard's static files from a folder: functions/dashboard/static in local mode,
 * the copy shipped beside the bundle in Lambda. Only files that are in the folder when
 * it is first read are served; anything else (a name that climbs out, a miss) is not
 * found without touching the disk.
 *
 * Memory is bounded by the folder, never by requests: the listing is read once, and a
 * file's bytes are kept only for names in it. A miss is never cached, so distinct
 * unknown paths (`/assets/<n>.js`, unauthenticated) cannot grow the process.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
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

interface Asset {
  readonly body: Uint8Array;
  readonly contentType: string;
}

/** Relative paths (with `/`) of the servable files below `root`: those with a known content type. */
async function servableFiles(root: string): Promise<ReadonlyMap<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const contentType = CONTENT_TYPES[extname(entry.name).toLowerCase()];
    if (contentType === undefined) continue;
    const relative = join(entry.parentPath, entry.name).slice(root.length).replace(/^[/\\]+/, '').split(sep).join('/');
    files.set(relative, contentType);
  }
  return files;
}

export function createDirectoryAssetSource(root: string): AssetSource {
  let listing: Promise<ReadonlyMap<string, string>> | null = null;
  const loaded = new Map<string, Promise<Asset>>();
  return {
    async get(path) {
      listing ??= servableFiles(root).catch((error: unknown) => {
        listing = null; // a folder that could not be read is tried again next time
        throw error;
      });
      const contentType = (await listing).get(path);
      if (contentType === undefined) return null;
      let asset = loaded.get(path);
      if (asset === undefined) {
        asset = readFile(join(root, ...path.split('/'))).then((body) => ({ body, contentType }));
        loaded.set(path, asset);
        asset.catch(() => loaded.delete(path));
      }
      return asset;
    },
  };
}
