/** The dashboard's files from a folder: only what the folder holds, and nothing kept per request. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirectoryAssetSource } from '../../functions/adapters/common/assets.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosscheck-assets-'));
  await mkdir(join(dir, 'static', 'lib'), { recursive: true });
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html>');
  await writeFile(join(dir, 'static', 'lib', 'chart.js'), 'export {};');
  await writeFile(join(dir, 'static', 'notes.md'), '# not served');
  await writeFile(join(dir, 'secret.js'), 'outside');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createDirectoryAssetSource', () => {
  it('serves the files of the folder with their content type', async () => {
    const assets = createDirectoryAssetSource(join(dir, 'static'));
    expect(await assets.get('index.html')).toEqual({ body: Buffer.from('<!doctype html>'), contentType: 'text/html; charset=utf-8' });
    expect((await assets.get('lib/chart.js'))?.contentType).toBe('text/javascript; charset=utf-8');
  });

  it.each(['../secret.js', 'lib/../index.html', 'lib//chart.js', '/index.html', 'notes.md', 'missing.js', 'index.html\0.js', ''])('%j is not found', async (path) => {
    expect(await createDirectoryAssetSource(join(dir, 'static')).get(path)).toBeNull();
  });

  it('answers misses from the listing it read once, without the disk: distinct unknown paths cannot grow it', async () => {
    const assets = createDirectoryAssetSource(join(dir, 'static'));
    expect(await assets.get('index.html')).not.toBeNull();
    await writeFile(join(dir, 'static', 'late.js'), 'added after the first read');
    await rm(join(dir, 'static', 'lib'), { recursive: true });
    for (let n = 0; n < 2000; n++) expect(await assets.get(`assets/${n}.js`)).toBeNull();
    expect(await assets.get('late.js')).toBeNull();
  });

  it('reads the folder again after a failed first listing', async () => {
    const assets = createDirectoryAssetSource(join(dir, 'later'));
    await expect(assets.get('index.html')).rejects.toThrow(/ENOENT/);
    await mkdir(join(dir, 'later'));
    await writeFile(join(dir, 'later', 'index.html'), 'now');
    expect((await assets.get('index.html'))?.body).toEqual(Buffer.from('now'));
  });
});
