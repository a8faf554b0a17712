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
