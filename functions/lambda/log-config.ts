/**
 * The transparency log's wiring in AWS: the origin (an environment variable, stored at
 * the first checkpoint and never changed), the note signers (the ledger's KMS key as
 * ECDSA; the opt-in Ed25519 KMS key) and, for the recorder, the checkpointer that signs
 * after each append. The API only describes the keys (/ledger/vkeys); it never signs.
 */
import { createKmsEd25519NoteSigner } from '../adapters/aws/kms/ed25519-note-signer.ts';
import type { AwsStores } from '../adapters/aws/stores.ts';
import type { NoteKeyDescription } from '../core/tlog/keys.ts';
import type { LedgerWriter } from '../ports/ledger-writer.ts';
import type { NoteSigner } from '../ports/note-signer.ts';
import type { Signer } from '../ports/signer.ts';
import { checkpointingWriter, createCheckpointer } from '../services/checkpoints.ts';
import { ecdsaNoteSigner } from '../services/note-signers.ts';
import { createWitnessSubmitter, witnessingCheckpointer } from '../services/witnesses.ts';
import { createFetchWitnessClient } from '../adapters/common/witness-client.ts';
import { ENV } from './env-names.ts';
import type { Logger } from '@aws-lambda-powertools/logger';
import { env, type EnvValues } from './env.ts';

/** The recorder's witnesses (only the recorder submits checkpoints). */
export const WITNESS_ENV = { witnesses: [ENV.witnesses, env.witnesses] } as const;

export const LOG_ENV = { ledgerOrigin: [ENV.ledgerOrigin, env.logOrigin], noteKeyId: [ENV.noteKeyId, env.optionalText], homeRegion: [ENV.homeRegion, env.region] } as const;

type LogConfig = EnvValues<typeof LOG_ENV>;

/** The log's signers; `origin` says where the name comes from (the recorder stores it, the API only reads the configured one). */
function noteSigners(config: LogConfig, signer: Signer, origin: () => Promise<string>): NoteSigner[] {
  const signers = [ecdsaNoteSigner(signer, origin)];
  if (config.noteKeyId !== null) signers.push(createKmsEd25519NoteSigner({ keyId: config.noteKeyId, region: config.homeRegion, origin }));
  return signers;
}

/** The recorder's writer: every append followed by a checkpoint (the origin stored at the first one). */
export function checkpointingRecorder(
  config: LogConfig & EnvValues<typeof WITNESS_ENV>,
  stores: AwsStores,
  signer: Signer,
  writer: LedgerWriter,
  logger: Pick<Logger, 'error'>,
): LedgerWriter {
  let origin: Promise<string> | null = null;
  const stored = () => (origin ??= stores.log.origin(config.ledgerOrigin).catch((error: unknown) => {
    origin = null;
    throw error;
  }));
  const signing = createCheckpointer({ ledger: stores.ledger, log: stores.log, signers: noteSigners(config, signer, stored) });
  const checkpointer =
    config.witnesses.length === 0
      ? signing
      : witnessingCheckpointer(signing, createWitnessSubmitter({ log: stores.log, client: createFetchWitnessClient() }, config.witnesses), (error) =>
          logger.error('witness did not cosign', { error: error.message }),
        );
  return checkpointingWriter(writer, checkpointer, (error) =>
    logger.error('checkpoint not signed; the next append signs one', { error: String(error) }),
  );
}

/** The API's view of the keys (for /ledger/vkeys): the configured origin, which the recorder holds the log to. */
export function noteKeysOf(config: LogConfig, signer: Signer): () => Promise<readonly NoteKeyDescription[]> {
  const signers = noteSigners(config, signer, async () => config.ledgerOrigin);
  return () => Promise.all(signers.map((s) => s.describe()));
}
