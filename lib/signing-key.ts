/**
 * The ledger's signing key: a KMS asymmetric P-256 key (ES256) in the home region. It
 * outlives `cdk destroy` (RETAIN): without it no one could tell a real ledger entry
 * from a forged one. KMS does not rotate asymmetric keys; a new key means a new kid.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface SigningKeyProps {
  /** e.g. `alias/crosscheck-ledger`. */
  readonly alias: string;
}

export class SigningKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: SigningKeyProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'CrossCheck ledger signing key (ES256): signs every ledger entry',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      alias: props.alias,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Sign and publish: the recorder only. */
  grantSign(grantee: iam.IGrantable): void {
    this.key.grant(grantee, 'kms:Sign', 'kms:GetPublicKey');
  }

  /** The public half, for the JWKS route. */
  grantPublicKey(grantee: iam.IGrantable): void {
    this.key.grant(grantee, 'kms:GetPublicKey');
  }
}

/**
 * The log's optional Ed25519 note key (c2sp signed-note type 0x01, for witnesses): only
 * the recorder signs with it; the API reads its public half for /ledger/vkeys. RETAIN,
 * as the ledger key: checkpoints signed with it stay checkable.
 */
export class NoteKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'CrossCheck transparency log note key (Ed25519): co-signs every checkpoint',
      keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  grantSign(grantee: iam.IGrantable): void {
    this.key.grant(grantee, 'kms:Sign', 'kms:GetPublicKey');
  }

  grantPublicKey(grantee: iam.IGrantable): void {
    this.key.grant(grantee, 'kms:GetPublicKey');
  }
}
