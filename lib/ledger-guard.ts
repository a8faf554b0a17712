/**
 * "Nothing may delete ledger items": an explicit Deny on every function role, so that
 * no Allow added later (by a grant, by hand) can open the door again. Ledger items are
 * the items whose partition key starts with the ledger prefix of the table design.
 *
 * - Every role: no DeleteItem, UpdateItem or BatchWriteItem on ledger keys, in any
 *   replica region, and no PartiQL writes at all (nothing here uses PartiQL).
 * - Every role but the recorder's: no PutItem on ledger keys either, so the recorder
 *   is the only writer and it can only add (its PutItem carries attribute_not_exists).
 *
 * Transactions (TransactWriteItems) are authorized per item as PutItem / UpdateItem /
 * DeleteItem, so these statements cover them too.
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { LEDGER_KEY_PREFIX } from '../functions/adapters/aws/table-design.ts';

export interface LedgerGuardOptions {
  /** The recorder: may put new ledger items. @default false */
  readonly mayAppend?: boolean;
}

/** The table in every region of this account (replicas included). */
function everyReplica(tableName: string): string {
  return `arn:${Aws.PARTITION}:dynamodb:*:${Aws.ACCOUNT_ID}:table/${tableName}`;
}

export function ledgerGuardStatements(tableName: string, options: LedgerGuardOptions = {}): iam.PolicyStatement[] {
  const ledgerKeys = { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${LEDGER_KEY_PREFIX}*`] } };
  const rewrites = ['dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];
  return [
    new iam.PolicyStatement({
      sid: 'LedgerIsAppendOnly',
      effect: iam.Effect.DENY,
      actions: options.mayAppend ? rewrites : ['dynamodb:PutItem', ...rewrites],
      resources: [everyReplica(tableName)],
      conditions: ledgerKeys,
    }),
    new iam.PolicyStatement({
      sid: 'NoPartiQLWrites',
      effect: iam.Effect.DENY,
      actions: ['dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'],
      resources: [everyReplica(tableName)],
    }),
  ];
}

export function denyLedgerRewrites(role: iam.IRole, tableName: string, options: LedgerGuardOptions = {}): void {
  for (const statement of ledgerGuardStatements(tableName, options)) role.addToPrincipalPolicy(statement);
}
