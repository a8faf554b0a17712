/**
 * The tree's hashing, proofs and their verification. The proof vectors are every file of
 * transparency-dev/merkle testdata/inclusion and testdata/consistency, copied unchanged
 * into test/fixtures/merkle/ (source and commit named in each fixture).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordOf, leftSiblingsOf, recordOfNode, hashInRecord, type NodeId } from '../../functions/core/tlog/nodes.ts';
import { EMPTY_ROOT, hashChildren, hashLeaf, type Hash } from '../../functions/core/tlog/rfc6962.ts';
import { consistencyProof, inclusionProof, treeRoot, TreeBuilder, TreeRangeError } from '../../functions/core/tlog/tree.ts';
import { ProofError, verifyConsistency, verifyInclusion } from '../../functions/core/tlog/verify.ts';

interface Fixture<T> {
  readonly source: string;
  readonly commit: string;
  readonly vectors: readonly T[];
}
interface InclusionVector {
  file: string;
  leafIdx: number;
  treeSize: number;
  root: string | null;
  leafHash: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyVector {
  file: string;
  size1: number;
  size2: number;
  root1: string | null;
  root2: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

const fixture = <T>(name: string): Fixture<T> => JSON.parse(readFileSync(new URL(`../fixtures/merkle/${name}.json`, import.meta.url), 'utf8')) as Fixture<T>;
const b64 = (text: string | null): Hash => new Uint8Array(Buffer.from(text ?? '', 'base64'));
const hex = (hash: Hash): string => Buffer.from(hash).toString('hex');

const inclusion = fixture<InclusionVector>('inclusion');
const consistency = fixture<ConsistencyVector>('consistency');

describe('transparency-dev/merkle vectors', () => {
  it('are all there (98 inclusion, 98 consistency files at the named commit)', () => {
    expect(inclusion.vectors).toHaveLength(98);
    expect(consistency.vectors).toHaveLength(98);
    expect(inclusion.source).toContain('github.com/transparency-dev/merkle');
  });

  it.each(inclusion.vectors.map((v) => [v.file, v] as const))('inclusion %s', (_file, v) => {
    const run = () => verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root));
    if (v.wantErr) expect(run).toThrow(ProofError);
    else expect(run).not.toThrow();
  });

  it.each(consistency.vectors.map((v) => [v.file, v] as const))('consistency %s', (_file, v) => {
    const run = () => verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2));
    if (v.wantErr) expect(run).toThrow(ProofError);
    else expect(run).not.toThrow();
  });
});

/** The tree of the RFC 6962 reference: MTH by its definition, over leaves d[i] = [i]. */
function referenceRoot(leaves: readonly Uint8Array[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return hashLeaf(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashChildren(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** A store of records as the ledger keeps them, built leaf by leaf through recordOf. */
function storedTree(size: number) {
  const records: Uint8Array[] = [];
  const leaves = Array.from({ length: size }, (_, i) => Uint8Array.of(i % 256, i >> 8));
  const node = ({ level, index }: NodeId): Hash => {
    const { leaf, offset } = recordOfNode({ level, index });
    return hashInRecord(records[leaf]!, offset, leaf);
  };
  let reads = 0;
  for (let i = 0; i < size; i++) records.push(recordOf(i, hashLeaf(leaves[i]!), leftSiblingsOf(i).map(node)));
  const read = async (nodes: readonly NodeId[]) => {
    reads++;
    return nodes.map(node);
  };
  return { leaves, records, read, reads: () => reads };
}

describe('the stored tree', () => {
  it('has the empty-tree root SHA-256("") = e3b0c442...', async () => {
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(await treeRoot(0, async () => []))).toBe(hex(EMPTY_ROOT));
    expect(hex(new TreeBuilder().root())).toBe(hex(EMPTY_ROOT));
  });

  it('gives the reference root at every size to 70, and the vectors\' root of the 8-leaf tree', async () => {
    const tree = storedTree(70);
    const builder = new TreeBuilder();
    for (let size = 1; size <= 70; size++) {
      builder.addLeaf(tree.leaves[size - 1]!);
      const want = hex(referenceRoot(tree.leaves.slice(0, size)));
      expect(hex(await treeRoot(size, tree.read))).toBe(want);
      expect(hex(builder.root())).toBe(want);
    }
  });

  it('matches the vectors: the RFC 6962 test tree of 8 leaves has root 5dc9da79...', async () => {
    // The 8 leaves of transparency-dev/merkle testonly/constants.go, whose root the inclusion vectors of tree size 8 use.
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => new Uint8Array(Buffer.from(h, 'hex')));
    expect(hex(referenceRoot(leaves))).toBe(hex(b64('XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=')));
  });

  it('proves inclusion and consistency for every pair of sizes to 40, reading the store once per proof', async () => {
    const tree = storedTree(40);
    for (let size = 1; size <= 40; size++) {
      const root = await treeRoot(size, tree.read);
      for (let index = 0; index < size; index++) {
        const before = tree.reads();
        const proof = await inclusionProof(index, size, tree.read);
        expect(tree.reads() - before).toBe(1);
        expect(() => verifyInclusion(index, size, hashLeaf(tree.leaves[index]!), proof, root)).not.toThrow();
      }
      for (let size1 = 1; size1 <= size; size1++) {
        const proof = await consistencyProof(size1, size, tree.read);
        expect(() => verifyConsistency(size1, size, proof, referenceRoot(tree.leaves.slice(0, size1)), root)).not.toThrow();
      }
    }
  });

  it('writes 1 + trailing ones hashes per leaf: two on average', () => {
    const tree = storedTree(1024);
    const hashes = tree.records.reduce((sum, r) => sum + r.length / 32, 0);
    expect(hashes).toBe(2047);
  });

  it('refuses bad sizes with TreeRangeError', async () => {
    const tree = storedTree(4);
    await expect(inclusionProof(4, 4, tree.read)).rejects.toThrow(TreeRangeError);
    await expect(consistencyProof(0, 4, tree.read)).rejects.toThrow(/size1 must be at least 1/);
    await expect(consistencyProof(5, 4, tree.read)).rejects.toThrow(/beyond the tree size 4/);
    await expect(treeRoot(-1, tree.read)).rejects.toThrow(TreeRangeError);
  });

  it('detects a changed byte in a proof, a leaf or a root', async () => {
    const tree = storedTree(13);
    const root = await treeRoot(13, tree.read);
    const proof = await inclusionProof(5, 13, tree.read);
    const flipped = proof.map((h, i) => (i === 1 ? Uint8Array.from(h, (b, j) => (j === 0 ? b ^ 1 : b)) : h));
    expect(() => verifyInclusion(5, 13, hashLeaf(tree.leaves[5]!), flipped, root)).toThrow(/does not match/);
    expect(() => verifyInclusion(5, 13, hashLeaf(tree.leaves[6]!), proof, root)).toThrow(/does not match/);
    const cons = await consistencyProof(7, 13, tree.read);
    const root7 = await treeRoot(7, tree.read);
    expect(() => verifyConsistency(7, 13, cons, root7, hashLeaf(new Uint8Array()))).toThrow(/new tree/);
    expect(() => verifyConsistency(13, 7, cons, root, root7)).toThrow(/shrank/);
  });
});
