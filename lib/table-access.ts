/**
 * DynamoDB permissions by table name and region. Functions reach the global table in
 * two places: their own region's replica (check results and rollups) and the home
 * region's (monitors, state, incidents, alert log, ledger). The grants name the table
 * and its indexes exactly, with no wildcards; the ledger guard's Deny still applies.
 */
import { ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { TABLE_INDEXES } from '../functions/adapters/aws/table-design.ts';
import { arnIn } from './names.ts';

export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'] as const;
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] as const;

const WRITE_ACTIONS: Readonly<Record<'put' | 'update' | 'put-delete' | 'all', readonly string[]>> = {
  put: ['dynamodb:PutItem'],
  update: ['dynamodb:UpdateItem'],
  'put-delete': ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
  all: TABLE_WRITE_ACTIONS,
};

export interface TableGrant {
  readonly tableName: string;
  /** The replicas this function uses. */
  readonly regions: readonly string[];
  /** Which item writes: none, PutItem only, UpdateItem only, PutItem and DeleteItem, or any. @default 'none' */
  readonly write?: 'none' | 'put' | 'update' | 'put-delete' | 'all';
  /** Item reads (GetItem, Query...). @default true */
  readonly read?: boolean;
  /** Only items whose partition key starts with one of these (`dynamodb:LeadingKeys`). @default any item */
  readonly keyPrefixes?: readonly string[];
}

export function tableArns(scope: IConstruct, tableName: string, region: string): { table: string; indexes: string[] } {
  const table = arnIn(scope, region, 'dynamodb', 'table', tableName, ArnFormat.SLASH_RESOURCE_NAME);
  return { table, indexes: TABLE_INDEXES.map((index) => `${table}/index/${index.indexName}`) };
}

export function grantTable(scope: IConstruct, grantee: iam.IGrantable, grant: TableGrant): void {
  const regions = [...new Set(grant.regions)];
  const arns = regions.map((region) => tableArns(scope, grant.tableName, region));
  const conditions =
    grant.keyPrefixes === undefined
      ? undefined
      : { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': grant.keyPrefixes.map((prefix) => `${prefix}*`) } };
  // Index queries are left out when the grant is limited to key prefixes: an index's
  // partition key is not the table's, so LeadingKeys would not mean the same thing.
  const readResources = arns.flatMap((arn) => (conditions ? [arn.table] : [arn.table, ...arn.indexes]));
  if (grant.read ?? true) {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...TABLE_READ_ACTIONS], resources: readResources, conditions }));
  }
  const write = grant.write ?? 'none';
  if (write !== 'none') {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...WRITE_ACTIONS[write]],
        resources: arns.map((arn) => arn.table),
        conditions,
      }),
    );
  }
}
