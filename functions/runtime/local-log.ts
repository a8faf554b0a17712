/**
 * The local runtime's transparency log: its origin (set once: `--log-origin`, else
 * `<host>:<port>/ledger` at genesis), the note signers (the ledger key as ECDSA, and the
 * Ed25519 key file, on by default here), and the checkpointer the ledger writer calls.
 * A ledger that has entries and no checkpoint yet (written before the log existed) gets
 * its first checkpoint at start.
 */
import { openLocalNoteSigner } from '../adapters/local/note-key.ts';
import type { LocalStores } from '../adapters/local/index.ts';
import type { NoteKeyDescription } from '../core/tlog/keys.ts';
import type { Signer } from '../ports/signer.ts';
import { createCheckpointer, type Checkpointer } from '../services/checkpoints.ts';
import { ecdsaNoteSigner } from '../services/note-signers.ts';
import { createWitnessSubmitter, witnessingCheckpointer } from '../services/witnesses.ts';
import { createFetchWitnessClient } from '../adapters/common/witness-client.ts';
import type { RuntimeOptions } from './options.ts';

export interface LocalLog {
  readonly origin: string;
  readonly checkpointer: Checkpointer;
  readonly noteKeys: () => Promise<readonly NoteKeyDescription[]>;
}

export function defaultOrigin({ host, port }: Pick<RuntimeOptions, 'host' | 'port'>): string {
  return port === 0 ? `${host}/ledger` : `${host}:${port}/ledger`;
}

export async function openLocalLog(
  options: Pick<RuntimeOptions, 'host' | 'port' | 'dataDir' | 'logOrigin'> & Partial<Pick<RuntimeOptions, 'witnesses'>>,
  stores: Pick<LocalStores, 'ledger' | 'log'>,
  signer: Signer,
  onWitnessError: (error: Error) => void = () => undefined,
): Promise<LocalLog> {
  const origin = await stores.log.origin(options.logOrigin ?? defaultOrigin(options), options.logOrigin !== null);
  const hasCheckpoints = (await stores.log.latestCheckpoint()) !== null;
  const ed25519 = await openLocalNoteSigner(options.dataDir, { origin, logHasCheckpoints: hasCheckpoints });
  const signers = [ecdsaNoteSigner(signer, async () => origin), ed25519];
  const signing = createCheckpointer({ ledger: stores.ledger, log: stores.log, signers });
  const witnesses = options.witnesses ?? [];
  const checkpointer =
    witnesses.length === 0 ? signing : witnessingCheckpointer(signing, createWitnessSubmitter({ log: stores.log, client: createFetchWitnessClient() }, witnesses), onWitnessError);
  await checkpointer.checkpoint();
  return { origin, checkpointer, noteKeys: () => Promise.all(signers.map((s) => s.describe())) };
}
