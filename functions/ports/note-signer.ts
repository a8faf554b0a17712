/** A key that signs notes (checkpoints, SLA statements' checkpoints): ECDSA with the ledger key, or Ed25519. */
import type { NoteKeyDescription } from '../core/tlog/keys.ts';

export interface NoteSigner {
  /** Name (the origin), key ID, type and vkey; asked once and kept. */
  describe(): Promise<NoteKeyDescription>;
  /** The signature over the note text's bytes, without the key ID (DER for ECDSA, 64 bytes for Ed25519). */
  sign(text: Uint8Array): Promise<Uint8Array>;
}
