/**
 * Deterministic physical names. Stacks in different regions cannot share CloudFormation
 * exports, so they find each other's resources by name: the scheduler builds every
 * region's queue URL, checkers name the other regions' verifiers and the home region's
 * recorder and rollups queue, the api names each region's prober.
 */
import { Arn, ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface Names {
  readonly table: string;
  readonly keyAlias: string;
  readonly recorderFunction: string;
  /** The home region's queue of merged rollup deltas. */
  readonly rollupsQueue: string;
  /** The KMS alias of the key that seals channel secrets (home region). */
  readonly channelKeyAlias: string;
  checksQueue(region: string): string;
  /** Where a region's verifier puts the requests it could not handle. */
  verifyFailuresQueue(region: string): string;
  verifierFunction(region: string): string;
  proberFunction(region: string): string;
}

export function namesFor(prefix: string): Names {
  return {
    table: prefix,
    keyAlias: `alias/${prefix}-ledger`,
    channelKeyAlias: `alias/${prefix}-channels`,
    recorderFunction: `${prefix}-recorder`,
    rollupsQueue: `${prefix}-rollups`,
    checksQueue: (region) => `${prefix}-${region}-checks`,
    verifyFailuresQueue: (region) => `${prefix}-${region}-verify-failed`,
    verifierFunction: (region) => `${prefix}-${region}-verifier`,
    proberFunction: (region) => `${prefix}-${region}-prober`,
  };
}

/** `https://sqs.<region>.<suffix>/<account>/<name>`: the URL SQS gives the queue, built without a lookup. */
export function queueUrl(region: string, queueName: string): string {
  return `https://sqs.${region}.${Aws.URL_SUFFIX}/${Aws.ACCOUNT_ID}/${queueName}`;
}

/** The ARN of a resource in this stack's account and partition, in `region`. */
export function arnIn(scope: IConstruct, region: string, service: string, resource: string, resourceName?: string, sep = ArnFormat.SLASH_RESOURCE_NAME): string {
  return Arn.format({ service, region, resource, ...(resourceName === undefined ? {} : { resourceName }), arnFormat: sep }, Stack.of(scope));
}

export function queueArn(scope: IConstruct, region: string, queueName: string): string {
  return arnIn(scope, region, 'sqs', queueName, undefined, ArnFormat.NO_RESOURCE_NAME);
}

export function functionArn(scope: IConstruct, region: string, functionName: string): string {
  return arnIn(scope, region, 'lambda', 'function', functionName, ArnFormat.COLON_RESOURCE_NAME);
}
