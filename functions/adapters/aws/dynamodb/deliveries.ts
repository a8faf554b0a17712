/**
 * DeliveryLog over DynamoDB (home region): an incident's deliveries share one partition,
 * so the log is one strongly consistent query; the first conditional put of a delivery
 * id is its only claim. The rules live in ../../common/stores/delivery-log.ts.
 */
import type { DeliveryLog } from '../../../ports/delivery-log.ts';
import { createDeliveryLog, type DeliveryBackend, type DeliveryRow } from '../../common/stores/delivery-log.ts';
import { awsStep } from '../errors.ts';
import { itemDoesNotExist, itemExists } from './conditions.ts';
import { deliveryPartition, keys } from './keys.ts';
import { queryAll } from './paging.ts';
import { bodyText, PK_NAME, putIf, S, strings, type Table } from './table.ts';

const toItem = ({ delivery, body }: DeliveryRow) => ({ ...strings(keys.delivery(delivery.incidentId, delivery.monitorId, delivery.id)), body: S(body) });

export function dynamoDeliveryBackend({ client, tableName }: Table): DeliveryBackend {
  const write = (row: DeliveryRow, condition: string) =>
    awsStep('delivery', () => putIf(client, { TableName: tableName, Item: toItem(row), ConditionExpression: condition, ExpressionAttributeNames: PK_NAME }));
  return {
    insertIfAbsent: (row) => write(row, itemDoesNotExist),
    replaceIfPresent: (row) => write(row, itemExists),
    incidentBodies: (incidentId) =>
      awsStep('deliveries', async () =>
        (
          await queryAll(client, {
            TableName: tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: PK_NAME,
            ExpressionAttributeValues: { ':pk': S(deliveryPartition(incidentId, '')) },
            ConsistentRead: true,
          })
        ).map((item) => bodyText(item, 'delivery')),
      ),
  };
}

export function createDynamoDeliveryLog(table: Table): DeliveryLog {
  return createDeliveryLog(dynamoDeliveryBackend(table));
}
