/**
 * Asking witnesses to cosign the log's checkpoints (C2SP tlog-witness): after a new
 * checkpoint, each configured witness gets `add-checkpoint` with the consistency proof
 * from the size it last cosigned; a 409 names that size and the request is sent again
 * from it. A cosignature is kept only when it verifies with the witness's vkey (type
 * 0x04, cosignature/v1); the served checkpoint carries the kept ones.
 */
import { CrossCheckError } from '../core/errors.ts';
import { parseSignedNote, parseVerifierKey, signatureLine, verifySignedNote, type VerifierKey } from '../core/tlog/note.ts';
import { formatHashLines } from '../core/tlog/proof-text.ts';
import { consistencyProof } from '../core/tlog/tree.ts';
import type { LogStore, StoredCheckpoint } from '../ports/log-store.ts';
import type { WitnessClient } from '../ports/witness-client.ts';
import type { Checkpointer } from './checkpoints.ts';

export interface WitnessConfig {
  readonly url: string;
  /** The witness's vkey (cosignature/v1, type 0x04). */
  readonly vkey: string;
}

export class WitnessError extends CrossCheckError {}

export interface WitnessSubmitter {
  /** Submits the checkpoint to every witness; the failures, one per witness that did not cosign. */
  submit(checkpoint: StoredCheckpoint): Promise<readonly WitnessError[]>;
}

export function createWitnessSubmitter(deps: { readonly log: LogStore; readonly client: WitnessClient }, witnesses: readonly WitnessConfig[]): WitnessSubmitter {
  const configured = witnesses.map((w) => ({ url: w.url, key: parseVerifierKey(w.vkey) as VerifierKey }));
  /** What each witness last cosigned, as far as this process knows (a 409 corrects it). */
  const known = new Map<string, number>();

  async function requestBody(checkpoint: StoredCheckpoint, oldSize: number): Promise<string> {
    const proof = oldSize === 0 || oldSize === checkpoint.size ? [] : await consistencyProof(oldSize, checkpoint.size, (nodes) => deps.log.readNodes(nodes));
    return `old ${oldSize}\n${formatHashLines(proof)}\n${checkpoint.note}`;
  }

  async function submitOne(witness: (typeof configured)[number], checkpoint: StoredCheckpoint): Promise<void> {
    let oldSize = Math.min(known.get(witness.url) ?? 0, checkpoint.size);
    for (let attempt = 0; attempt < 2; attempt++) {
      const reply = await deps.client.addCheckpoint(witness.url, await requestBody(checkpoint, oldSize));
      if (reply.status === 409) {
        const size = /^(0|[1-9][0-9]*)\n?$/.exec(reply.body);
        if (!size || Number(size[1]) > checkpoint.size) throw new WitnessError(`witness ${witness.key.name}: 409 without a usable size (${reply.body.trim().slice(0, 80)})`);
        oldSize = Number(size[1]);
        known.set(witness.url, oldSize);
        continue;
      }
      if (reply.status !== 200) throw new WitnessError(`witness ${witness.key.name} refused size ${checkpoint.size}: ${reply.status} ${reply.body.trim().slice(0, 200)}`);
      const text = parseSignedNote(checkpoint.note).text;
      let verified;
      try {
        verified = verifySignedNote(`${text}\n${reply.body}`, [witness.key]);
      } catch (error) {
        throw new WitnessError(`witness ${witness.key.name}: its cosignature does not verify (${(error as Error).message})`);
      }
      const mine = verified.signatures.find((s) => s.name === witness.key.name && s.keyId === witness.key.keyId)!;
      await deps.log.putCosignature(checkpoint.size, witness.key.name, signatureLine(mine));
      known.set(witness.url, checkpoint.size);
      return;
    }
    throw new WitnessError(`witness ${witness.key.name}: still a conflict after resending from size ${oldSize}`);
  }

  return {
    async submit(checkpoint) {
      const failures: WitnessError[] = [];
      await Promise.all(
        configured.map((witness) =>
          submitOne(witness, checkpoint).catch((error: unknown) => {
            failures.push(error instanceof WitnessError ? error : new WitnessError(`witness ${witness.key.name}: ${(error as Error).message}`, { cause: error }));
          }),
        ),
      );
      return failures;
    },
  };
}

/** The checkpointer, with each new checkpoint submitted to the witnesses; their failures go to `onError` (the checkpoint stands). */
export function witnessingCheckpointer(checkpointer: Checkpointer, submitter: WitnessSubmitter, onError: (error: WitnessError) => void): Checkpointer {
  let last = -1;
  return {
    async checkpoint() {
      const checkpoint = await checkpointer.checkpoint();
      if (checkpoint !== null && checkpoint.size !== last) {
        last = checkpoint.size;
        for (const failure of await submitter.submit(checkpoint)) onError(failure);
      }
      return checkpoint;
    },
  };
}

/** The checkpoint as served: the log's note with the witnesses' cosignature lines after its own. */
export async function cosignedNote(log: LogStore, checkpoint: StoredCheckpoint): Promise<string> {
  const lines = await log.cosignaturesAt(checkpoint.size);
  return `${checkpoint.note}${lines.map((c) => c.line).join('')}`;
}
