/**
 * The LogStore contract: the Merkle tree the ledger's appends build, checkpoints kept
 * one per size, the origin written once. Run against SQLite here and DynamoDB on moto.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, ConflictError, ValidationError } from '../../functions/core/errors.ts';
import { ledgerLeafHash, toBase64 } from '../../functions/core/tlog/rfc6962.ts';
import { consistencyProof, inclusionProof, treeRoot, TreeBuilder } from '../../functions/core/tlog/tree.ts';
import { verifyConsistency, verifyInclusion } from '../../functions/core/tlog/verify.ts';
import { ledgerRecord } from '../helpers/fixtures.ts';
import type { StoresUnderTest } from './stores.contract.ts';

export function describeLogContract(name: string, open: () => Promise<StoresUnderTest>, close: (stores: StoresUnderTest) => Promise<void>): void {
  describe(`log contract: ${name}`, () => {
    let s: StoresUnderTest;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(async () => {
      await close(s);
    });

    const read = (nodes: Parameters<StoresUnderTest['log']['readNodes']>[0]) => s.log.readNodes(nodes);

    it('grows the tree with every append: the root is the one the entries give, and proofs verify', async () => {
      const records = Array.from({ length: 11 }, (_, i) => ledgerRecord(i + 1));
      const builder = new TreeBuilder();
      const roots = [];
      for (const record of records) {
        await s.ledger.append(record);
        builder.addLeafHash(ledgerLeafHash(record.jws));
        roots.push(builder.root());
        expect(toBase64(await treeRoot(record.seq, read))).toBe(toBase64(builder.root()));
      }
      expect(await s.log.catchUp(11)).toBe(11);
      const root = roots[10]!;
      for (let index = 0; index < 11; index++) {
        verifyInclusion(index, 11, ledgerLeafHash(records[index]!.jws), await inclusionProof(index, 11, read), root);
      }
      verifyConsistency(3, 11, await consistencyProof(3, 11, read), roots[2]!, root);
    });

    it('a refused append (a fork at a seq) leaves the tree as it was', async () => {
      await s.ledger.append(ledgerRecord(1));
      await s.ledger.append(ledgerRecord(2));
      const before = toBase64(await treeRoot(2, read));
      await expect(s.ledger.append(ledgerRecord(2, { key: 'monitor.created:x', jws: 'forked' }))).rejects.toBeInstanceOf(ConflictError);
      expect(toBase64(await treeRoot(2, read))).toBe(before);
    });

    it('keeps one checkpoint per size: the first stored wins', async () => {
      expect(await s.log.latestCheckpoint()).toBeNull();
      expect(await s.log.putCheckpoint({ size: 1, note: 'one' })).toEqual({ size: 1, note: 'one' });
      expect(await s.log.putCheckpoint({ size: 3, note: 'three' })).toEqual({ size: 3, note: 'three' });
      expect(await s.log.putCheckpoint({ size: 3, note: 'other three' })).toEqual({ size: 3, note: 'three' });
      expect(await s.log.latestCheckpoint()).toEqual({ size: 3, note: 'three' });
      expect(await s.log.checkpointAt(1)).toEqual({ size: 1, note: 'one' });
      expect(await s.log.checkpointAt(2)).toBeNull();
    });

    it('stores the origin at genesis and refuses another one afterwards', async () => {
      expect(await s.log.origin('log.example/ledger')).toBe('log.example/ledger');
      expect(await s.log.origin('log.example/ledger')).toBe('log.example/ledger');
      await expect(s.log.origin('other.example/ledger')).rejects.toThrow(ConfigError);
      await expect(s.log.origin('other.example/ledger')).rejects.toThrow(/origin is log.example\/ledger/);
      await expect(s.log.origin('has space')).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
