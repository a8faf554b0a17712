/** AlertLog over DynamoDB (home region): the first conditional put of an alert id is the only one that succeeds. */
import type { AlertLog } from '../../../ports/state-store.ts';
import { awsStep } from '../errors.ts';
import { itemDoesNotExist } from './conditions.ts';
import { keys } from './keys.ts';
import { PK_NAME, putIf, S, strings, type Table } from './table.ts';

export function createDynamoAlertLog({ client, tableName }: Table): AlertLog {
  return {
    claim: (alertId, at) =>
      awsStep('alert claim', () =>
        putIf(client, {
          TableName: tableName,
          Item: { ...strings(keys.alert(alertId)), claimedAt: S(at) },
          ConditionExpression: itemDoesNotExist,
          ExpressionAttributeNames: PK_NAME,
        }),
      ),
  };
}
