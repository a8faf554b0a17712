/**
 * Cross-region grants by name. The resources live in other stacks (other regions), so
 * the ARNs are built from the deterministic names in names.ts instead of references.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { ConfigError } from '../functions/core/errors.ts';
import { mailboxAddress } from '../functions/core/mailbox.ts';
import { arnIn, functionArn, queueArn } from './names.ts';

export function grantSendMessage(scope: IConstruct, grantee: iam.IGrantable, queues: readonly { region: string; queueName: string }[]): void {
  if (queues.length === 0) return;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['sqs:SendMessage'],
      resources: queues.map((q) => queueArn(scope, q.region, q.queueName)),
    }),
  );
}

export function grantInvoke(scope: IConstruct, grantee: iam.IGrantable, functions: readonly { region: string; functionName: string }[]): void {
  if (functions.length === 0) return;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: functions.map((f) => functionArn(scope, f.region, f.functionName)),
    }),
  );
}

/**
 * `ses:SendEmail` from the sender's identity (address and domain) in the home region,
 * and to the default recipients' identities: in the SES sandbox a recipient must be a
 * verified identity too, and SES then checks the permission on it as well.
 */
export function grantSendEmail(scope: IConstruct, grantee: iam.IGrantable, options: { region: string; from: string; to: readonly string[] }): void {
  const from = mailboxAddress(options.from);
  if (from === null) throw new ConfigError(`alertFrom: ${JSON.stringify(options.from)} is not an e-mail address`);
  const domain = from.slice(from.lastIndexOf('@') + 1);
  const identities = [...new Set([from, domain, ...options.to])];
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: identities.map((identity) => arnIn(scope, options.region, 'ses', 'identity', identity)),
    }),
  );
}
