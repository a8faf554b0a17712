/**
 * The dashboard's Merkle checks (functions/dashboard/static/merkle.js, WebCrypto) against
 * every inclusion and consistency vector of transparency-dev/merkle (test/fixtures/merkle).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-ignore plain JS module
import { ProofError, verifyConsistency, verifyInclusion } from '../../functions/dashboard/static/merkle.js';

interface Vector {
  file: string;
  wantErr: boolean;
  [key: string]: unknown;
}
const load = (name: string) => (JSON.parse(readFileSync(new URL(`../fixtures/merkle/${name}.json`, import.meta.url), 'utf8')) as { vectors: Vector[] }).vectors;
const b64 = (text: unknown) => new Uint8Array(Buffer.from(String(text ?? ''), 'base64'));
const list = (value: unknown) => ((value as string[] | null) ?? []).map(b64);

describe('dashboard merkle.js against transparency-dev/merkle', () => {
  it.each(load('inclusion').map((v) => [v.file, v] as const))('inclusion %s', async (_file, v) => {
    const run = verifyInclusion(Number(v['leafIdx']), Number(v['treeSize']), b64(v['leafHash']), list(v['proof']), b64(v['root']));
    if (v.wantErr) await expect(run).rejects.toThrow(ProofError);
    else await expect(run).resolves.toBeUndefined();
  });

  it.each(load('consistency').map((v) => [v.file, v] as const))('consistency %s', async (_file, v) => {
    const run = verifyConsistency(Number(v['size1']), Number(v['size2']), list(v['proof']), b64(v['root1']), b64(v['root2']));
    if (v.wantErr) await expect(run).rejects.toThrow(ProofError);
    else await expect(run).resolves.toBeUndefined();
  });
});
