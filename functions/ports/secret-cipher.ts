/** Seals secrets for storage and opens them again: KMS in AWS. `context` is bound to the ciphertext (opening with another fails). */
export interface SecretCipher {
  seal(plaintext: string, context: Readonly<Record<string, string>>): Promise<string>;
  open(sealed: string, context: Readonly<Record<string, string>>): Promise<string>;
}
