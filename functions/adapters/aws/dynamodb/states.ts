/**
 * StateStore over DynamoDB (home region): conditional writes on a version attribute;
 * strongly consistent reads unless the caller allows an eventually consistent one. The
 * rules (versions, the legacy upgrade) live in ../../common/stores/state-store.ts; this
 * file moves items, and a lost condition comes back as false. A deleted monitor's state
 * carries the table's TTL attribute, so DynamoDB removes it in time, at no cost.
 */
import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { StateStore } from '../../../ports/state-store.ts';
import { createStateStore, type StateBackend, type StateRow } from '../../common/stores/state-store.ts';
import { awsStep } from '../errors.ts';
import { TTL_ATTRIBUTE } from '../table-design.ts';
import { itemDoesNotExist, stateVersionMatches } from './conditions.ts';
import { keys } from './keys.ts';
import { bodyText, N, PK_NAME, putIf, S, strings, type Table } from './table.ts';

export function dynamoStateBackend({ client, tableName }: Table): StateBackend {
  // A deleted monitor's state leaves by the table's TTL, like raw results (epoch seconds).
  const itemOf = ({ monitorId, version, body, expiresAtMs }: StateRow) => ({
    ...strings(keys.state(monitorId)),
    version: N(version),
    body: S(body),
    ...(expiresAtMs === null ? {} : { [TTL_ATTRIBUTE]: N(Math.ceil(expiresAtMs / 1000)) }),
  });

  return {
    readBody: (monitorId, consistent) =>
      awsStep('state', async () => {
        const out = await client.send(new GetItemCommand({ TableName: tableName, Key: strings(keys.state(monitorId)), ConsistentRead: consistent }));
        return out.Item ? bodyText(out.Item, `state of ${monitorId}`) : null;
      }),
    insertIfAbsent: (row) =>
      awsStep(`state of ${row.monitorId}`, () =>
        putIf(client, { TableName: tableName, Item: itemOf(row), ConditionExpression: itemDoesNotExist, ExpressionAttributeNames: PK_NAME }),
      ),
    replaceAtVersion: (row, expected) =>
      awsStep(`state of ${row.monitorId}`, () =>
        putIf(client, {
          TableName: tableName,
          Item: itemOf(row),
          ConditionExpression: stateVersionMatches,
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': N(expected) },
        }),
      ),
    delete: (monitorId) =>
      awsStep('state', async () => {
        await client.send(new DeleteItemCommand({ TableName: tableName, Key: strings(keys.state(monitorId)) }));
      }),
  };
}

export function createDynamoStateStore(table: Table): StateStore {
  return createStateStore(dynamoStateBackend(table));
}
