/** AlertLog over DynamoDB (home region): the first conditional put of an alert id is the only one that succeeds. */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AlertLog } from '../../../ports/state-store.ts';
import { awsStep, isConditionFailure } from '../errors.ts';
import { itemDoesNotExist } from './conditions.ts';
import { keys } from './keys.ts';
import { PK_NAME, S, strings, type Table } from './table.ts';

export function createDynamoAlertLog({ client, tableName }: Table): AlertLog {
  return {
    claim: (alertId, at) =>
      awsStep('alert claim', async () => {
        try {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: { ...strings(keys.alert(alertId)), claimedAt: S(at) },
              ConditionExpression: itemDoesNotExist,
              ExpressionAttributeNames: PK_NAME,
            }),
          );
          return true;
        } catch (error) {
          if (isConditionFailure(error)) return false;
          throw error;
        }
      }),
  };
}
