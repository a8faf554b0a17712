/**
 * The LogStore port's rules, once for every backend: checkpoints are kept one per tree
 * size and never replaced (the first signed for a size wins, so two recorders racing
 * cannot leave two different notes for one size around), and the origin is written once.
 */
import { ConfigError, ValidationError } from '../../../core/errors.ts';
import { checkOrigin } from '../../../core/tlog/checkpoint.ts';
import type { LogStore, StoredCheckpoint } from '../../../ports/log-store.ts';
import { nonNegativeInteger } from './checks.ts';
import { catchUpTree, readNodes, type TreeBackend } from './ledger-tree.ts';

export interface LogBackend extends TreeBackend {
  latestCheckpoint(): Promise<StoredCheckpoint | null>;
  checkpointAt(size: number): Promise<StoredCheckpoint | null>;
  /** Writes the checkpoint unless one of its size exists; false when one did. */
  putCheckpointIfNew(checkpoint: StoredCheckpoint): Promise<boolean>;
  storedOrigin(): Promise<string | null>;
  /** Writes the origin unless one is stored; false when one was. */
  putOriginIfNone(origin: string): Promise<boolean>;
  putCosignatureIfNew(size: number, witness: string, line: string): Promise<void>;
  cosignaturesAt(size: number): Promise<ReadonlyArray<{ readonly witness: string; readonly line: string }>>;
}

export function createLogStore(backend: LogBackend): LogStore {
  return {
    catchUp: (seq) => catchUpTree(backend, nonNegativeInteger(seq, 'seq')),
    readNodes: (nodes) => readNodes(backend, nodes),
    latestCheckpoint: () => backend.latestCheckpoint(),
    checkpointAt: (size) => backend.checkpointAt(nonNegativeInteger(size, 'size')),
    putCheckpoint: async (checkpoint) => {
      nonNegativeInteger(checkpoint.size, 'size');
      if (await backend.putCheckpointIfNew(checkpoint)) return checkpoint;
      const stored = await backend.checkpointAt(checkpoint.size);
      if (stored === null) throw new ValidationError([{ path: 'size', message: `a checkpoint of size ${checkpoint.size} was refused and none is stored` }]);
      return stored;
    },
    putCosignature: async (size, witness, line) => {
      nonNegativeInteger(size, 'size');
      if (!/^\u2014 \S+ [A-Za-z0-9+/]+=*\n$/.test(line)) throw new ValidationError([{ path: 'line', message: 'must be one note signature line' }]);
      await backend.putCosignatureIfNew(size, witness, line);
    },
    cosignaturesAt: (size) => backend.cosignaturesAt(nonNegativeInteger(size, 'size')),
    origin: async (configured, explicit = true) => {
      const problem = checkOrigin(configured);
      if (problem !== null) throw new ValidationError([{ path: 'origin', message: problem }]);
      const stored = (await backend.storedOrigin()) ?? ((await backend.putOriginIfNone(configured)) ? configured : await backend.storedOrigin());
      if (stored === null) throw new ConfigError('the log origin could be neither stored nor read');
      if (stored !== configured && explicit) {
        throw new ConfigError(
          `the log's origin is ${stored} (fixed when its tree began) but ${configured} is configured; an origin never changes: configure ${stored} or leave it unset`,
        );
      }
      return stored;
    },
  };
}
