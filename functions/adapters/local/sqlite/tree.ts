/**
 * The Merkle tree's records in SQLite (table ledger_tree): the TreeBackend hooks, and
 * the insert the ledger's append transaction makes. Rules: ../../common/stores/ledger-tree.ts.
 */
import type { DatabaseSync } from 'node:sqlite';
import { ConflictError } from '../../../core/errors.ts';
import type { TreeBackend } from '../../common/stores/ledger-tree.ts';
import { transaction } from './database.ts';
import { step } from './errors.ts';

/** SQLite's default limit on host parameters is far above this; keeps statements small. */
const IN_CHUNK = 500;

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

export function sqliteTree(db: DatabaseSync) {
  const one = db.prepare('SELECT hashes FROM ledger_tree WHERE leaf = ?');
  const last = db.prepare('SELECT max(leaf) AS leaf FROM ledger_tree');
  const insert = db.prepare('INSERT INTO ledger_tree (leaf, hashes) VALUES (?, ?)');

  const hooks: Omit<TreeBackend, 'readRange'> = {
    treeRecords: (leaves) =>
      step('ledger tree', () => {
        const found = new Map<number, Uint8Array>();
        for (let i = 0; i < leaves.length; i += IN_CHUNK) {
          const chunk = leaves.slice(i, i + IN_CHUNK);
          const rows = db.prepare(`SELECT leaf, hashes FROM ledger_tree WHERE leaf IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as Array<{ leaf: number; hashes: Uint8Array }>;
          for (const row of rows) found.set(row.leaf, new Uint8Array(row.hashes));
        }
        return found;
      }),
    lastTreeLeaf: () => step('ledger tree', () => (last.get() as { leaf: number | null }).leaf),
    putTreeRecord: (leaf, record) =>
      step(`ledger tree record ${leaf}`, () => {
        transaction(db, () => {
          const stored = one.get(leaf) as { hashes: Uint8Array } | undefined;
          if (stored === undefined) insert.run(leaf, record);
          else if (!sameBytes(stored.hashes, record)) throw new ConflictError(`the tree record of leaf ${leaf} is stored with other hashes`);
        });
      }),
  };
  return {
    hooks,
    has: (leaf: number) => one.get(leaf) !== undefined,
    /** Inside the append's transaction. */
    insert: (leaf: number, record: Uint8Array) => insert.run(leaf, record),
  };
}
