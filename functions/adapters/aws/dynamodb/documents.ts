/**
 * DocumentStore over DynamoDB (home region): one item per document, `DOC#<collection>#<id>`,
 * listed through the `byCollection` index under `DOC#<collection>` (eventually
 * consistent: a document just written may take a moment to appear in a listing; `get`
 * is strongly consistent). The rules live in ../../common/stores/document-store.ts.
 */
import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DocumentStore } from '../../../ports/document-store.ts';
import { createDocumentStore } from '../../common/stores/document-store.ts';
import { awsStep } from '../errors.ts';
import { BY_COLLECTION } from '../table-design.ts';
import { itemDoesNotExist, itemExists } from './conditions.ts';
import { collections, keys } from './keys.ts';
import { queryAll } from './paging.ts';
import { bodyText, PK_NAME, putIf, S, stringOf, strings, type Table } from './table.ts';

export function createDynamoDocumentStore({ client, tableName }: Table): DocumentStore {
  const item = (collection: string, id: string, body: string) => ({
    ...strings({ ...keys.document(collection, id), [BY_COLLECTION.partitionKey]: collections.documents(collection), [BY_COLLECTION.sortKey]: id, id }),
    body: S(body),
  });
  const write = (collection: string, id: string, body: string, condition: string) =>
    awsStep(`${collection} ${id}`, () =>
      putIf(client, { TableName: tableName, Item: item(collection, id, body), ConditionExpression: condition, ExpressionAttributeNames: PK_NAME }),
    );
  return createDocumentStore({
    read: (collection, id) =>
      awsStep(collection, async () => {
        const out = await client.send(new GetItemCommand({ TableName: tableName, Key: strings(keys.document(collection, id)), ConsistentRead: true }));
        return out.Item ? bodyText(out.Item, `${collection} ${id}`) : null;
      }),
    readAll: (collection) =>
      awsStep(collection, async () =>
        (
          await queryAll(client, {
            TableName: tableName,
            IndexName: BY_COLLECTION.indexName,
            KeyConditionExpression: '#gpk = :collection',
            ExpressionAttributeNames: { '#gpk': BY_COLLECTION.partitionKey },
            ExpressionAttributeValues: { ':collection': S(collections.documents(collection)) },
          })
        ).map((found) => ({ id: stringOf(found, 'id'), body: bodyText(found, collection) })),
      ),
    insertIfAbsent: (collection, id, body) => write(collection, id, body, itemDoesNotExist),
    replaceIfPresent: (collection, id, body) => write(collection, id, body, itemExists),
    delete: (collection, id) =>
      awsStep(`${collection} ${id}`, async () => {
        const out = await client.send(new DeleteItemCommand({ TableName: tableName, Key: strings(keys.document(collection, id)), ReturnValues: 'ALL_OLD' }));
        return out.Attributes !== undefined;
      }),
  });
}
