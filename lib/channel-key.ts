/**
 * The key that seals alert channels' secrets (webhook URLs, bot tokens, routing and API
 * keys, signing secrets): a symmetric KMS key in the home region, rotated yearly, kept on
 * `cdk destroy` (without it stored secrets cannot be opened). The API function seals and
 * opens (create, replace, test); the functions that send alerts (checkers and verifiers in
 * every region) only open, through the key's alias, since they live in other stacks.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Stack, Token, Validations } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import { arnIn } from './names.ts';

export class ChannelKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: { readonly alias: string }) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'CrossCheck alert channel secrets: sealed at rest, opened only to send an alert',
      enableKeyRotation: true,
      alias: props.alias,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  grantSealAndOpen(grantee: iam.IGrantable): void {
    this.key.grant(grantee, 'kms:Encrypt', 'kms:Decrypt');
  }
}

/** kms:Decrypt on the home region's channel key, named by its alias (the key lives in another stack). */
export function grantOpenChannelSecrets(scope: IConstruct, grantee: lambda.Function, options: { readonly homeRegion: string; readonly alias: string }): void {
  const statement = new iam.PolicyStatement({
    actions: ['kms:Decrypt'],
    resources: [arnIn(scope, options.homeRegion, 'kms', 'key', '*')],
    conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': options.alias } },
  });
  grantee.grantPrincipal.addToPrincipalPolicy(statement);
  const account = Stack.of(scope).account;
  // The acknowledgement goes on the policy resource that holds the statement.
  const policy = grantee.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
  if (!policy) throw new Error(`${grantee.node.path}: no default policy to hold the channel key grant`);
  Validations.of(policy).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${options.homeRegion}:${Token.isUnresolved(account) ? '<AWS::AccountId>' : account}:key/*]`,
    reason: 'The channel key lives in the home stack (another region): it is named by its alias, and the condition kms:ResourceAliases limits kms:Decrypt to that one key.',
  });
}

/** The alias ARN the functions pass as KeyId (KMS takes an alias ARN for Encrypt and Decrypt). */
export function channelKeyAliasArn(scope: IConstruct, homeRegion: string, alias: string): string {
  return arnIn(scope, homeRegion, 'kms', alias);
}
