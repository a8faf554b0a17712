/**
 * The one DynamoDB table, as a global table: created in the home region with a replica
 * in every other probe region, so that each checker writes its results locally and
 * the API in the home region reads them all. Key schema, indexes and the TTL attribute
 * come from the adapters' table design, so this table and the one the tests create
 * cannot drift apart.
 *
 * On-demand billing, point-in-time recovery, deletion protection, and RETAIN: the
 * ledger lives here, and `cdk destroy` must not take it along.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../functions/adapters/aws/table-design.ts';

export interface GlobalTableProps {
  readonly tableName: string;
  /** Regions with a replica besides the table's own (home) region. */
  readonly replicaRegions: readonly string[];
}

const string = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class GlobalTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: GlobalTableProps) {
    super(scope, id);
    this.table = new dynamodb.TableV2(this, 'Table', {
      tableName: props.tableName,
      partitionKey: string(TABLE_KEYS.partitionKey),
      sortKey: string(TABLE_KEYS.sortKey),
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
        indexName: index.indexName,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
      })),
      replicas: props.replicaRegions.map((region) => ({ region, deletionProtection: true })),
    });
  }
}
