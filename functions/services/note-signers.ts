/** The log's ECDSA note signer: the ledger's ES256 key (KMS or key file) signing checkpoints as c2sp signed-note type 0x02. */
import { ecdsaNoteKey, type NoteKeyDescription } from '../core/tlog/keys.ts';
import { rawEcdsaToDer } from '../core/tlog/note.ts';
import type { NoteSigner } from '../ports/note-signer.ts';
import type { Signer } from '../ports/signer.ts';

export function ecdsaNoteSigner(signer: Signer, origin: () => Promise<string>): NoteSigner {
  let description: Promise<NoteKeyDescription> | null = null;
  return {
    describe() {
      const pending = (description ??= Promise.all([origin(), signer.publicJwk()]).then(([name, jwk]) => ecdsaNoteKey(name, jwk)));
      pending.catch(() => {
        if (description === pending) description = null;
      });
      return pending;
    },
    // The Signer gives JWS's r || s over SHA-256 of its input; a note wants the DER form.
    sign: async (text) => rawEcdsaToDer(await signer.sign(text)),
  };
}
