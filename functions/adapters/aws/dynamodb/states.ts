/**
 * StateStore over DynamoDB (home region): conditional writes on a version attribute;
 * strongly consistent reads unless the caller allows an eventually consistent one.
 */
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ConflictError, ValidationError } from '../../../core/errors.ts';
import { storedState, type MonitorState } from '../../../core/state.ts';
import type { StateStore } from '../../../ports/state-store.ts';
import { awsStep, whenConditionFails } from '../errors.ts';
import { itemDoesNotExist, stateVersionMatches } from './conditions.ts';
import { keys } from './keys.ts';
import { bodyOf, N, PK_NAME, S, strings, type Table } from './table.ts';

export function createDynamoStateStore({ client, tableName }: Table): StateStore {
  return {
    get: (monitorId, read) =>
      awsStep('state', async () => {
        const consistent = read?.consistent ?? true;
        const out = await client.send(new GetItemCommand({ TableName: tableName, Key: strings(keys.state(monitorId)), ConsistentRead: consistent }));
        return out.Item ? storedState(bodyOf<MonitorState>(out.Item, `state of ${monitorId}`)) : null;
      }),
    put: (next, expectedVersion) =>
      awsStep(`state of ${next.monitorId}`, async () => {
        if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
          throw new ValidationError([{ path: 'expectedVersion', message: 'must be a non-negative integer' }]);
        }
        const stored: MonitorState = { ...next, version: expectedVersion + 1 };
        // Version 0 means "never stored": the item must not exist yet. Otherwise the stored version must still be the one read.
        const first = expectedVersion === 0;
        try {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: { ...strings(keys.state(next.monitorId)), version: N(stored.version), body: S(JSON.stringify(stored)) },
              ConditionExpression: first ? itemDoesNotExist : stateVersionMatches,
              ExpressionAttributeNames: first ? PK_NAME : { '#version': 'version' },
              ...(first ? {} : { ExpressionAttributeValues: { ':expected': N(expectedVersion) } }),
            }),
          );
        } catch (error) {
          throw whenConditionFails(error, () => new ConflictError(`state of ${next.monitorId} is no longer at version ${expectedVersion}`, { cause: error }));
        }
        return stored;
      }),
    delete: (monitorId) =>
      awsStep('state', async () => {
        await client.send(new DeleteItemCommand({ TableName: tableName, Key: strings(keys.state(monitorId)) }));
      }),
  };
}
