/** An ES256 signing key: a KMS key in the cloud, a P-256 key file in local mode. */

export interface PublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
}

export interface Signer {
  /** The public key as a JWK, `kid` included (stable for the key). */
  publicJwk(): Promise<PublicJwk>;
  /**
   * Signs the JWS signing input (at most 4096 bytes) with ECDSA P-256 / SHA-256 and
   * returns the 64-byte r||s signature JWS needs. SignerError when the key is unusable.
   */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
}
