/**
 * LedgerStore over DynamoDB (home region, strongly consistent reads). The rules live in
 * ../../common/stores/ledger-store.ts; this file carries out an append as one
 * TransactWriteItems, all or nothing, with one named condition per rule of the append:
 * - the entry at `seq`, on the condition that the seq is free (no fork);
 * - a key item `LEDGER#KEY#<key>`, on the condition that the key is free (no duplicate);
 * - the evidence document, when given, addressed by its SHA-256 (new, or the same text);
 * - a condition check that the entry `previousSeq` exists (no gap), when the base names one,
 *   and one that its tree record exists (the tree has no gap either);
 * - the entry's tree record (core/tlog/nodes.ts), free like its seq;
 * - the monitor change that commits with the entry, when given, on its own condition.
 * A cancelled transaction becomes the base's ledgerConflict, naming the conditions that
 * failed. Append-only: there is no update or delete here, and IAM denies both on every
 * `LEDGER*` key.
 */
import { GetItemCommand, QueryCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { LedgerRecord, LedgerStore } from '../../../ports/ledger-store.ts';
import { createLedgerStore, ledgerConflict, type LedgerBackend, type LedgerCondition } from '../../common/stores/ledger-store.ts';
import { monitorChanged } from '../../common/stores/monitor-change.ts';
import { awsStep, cancellationReasons, errorName } from '../errors.ts';
import { LEDGER_KEY_PREFIX, TABLE_KEYS } from '../table-design.ts';
import { evidenceIsNewOrSame, itemDoesNotExist, previousEntryExists, previousLeafInTree } from './conditions.ts';
import { keys, pad } from './keys.ts';
import { monitorTransactItem } from './monitors.ts';
import type { Item } from './paging.ts';
import { N, numberOf, PK_NAME, S, stringOf, strings, type Table } from './table.ts';
import { dynamoTree } from './tree.ts';

/** Entries per Query when reading a range (one response holds at most 1 MB anyway). */
const RANGE_PAGE = 100;

function toRecord(item: Item): LedgerRecord {
  return {
    seq: numberOf(item, 'seq'),
    jws: stringOf(item, 'jws'),
    type: stringOf(item, 'type'),
    key: stringOf(item, 'key'),
    time: stringOf(item, 'time'),
    evidenceSha256: item['evidenceSha256']?.S ?? null,
  };
}

export function dynamoLedgerBackend({ client, tableName }: Table): LedgerBackend {
  const tree = dynamoTree({ client, tableName });
  const getItem = async (key: Record<string, string>) =>
    (await client.send(new GetItemCommand({ TableName: tableName, Key: strings(key), ConsistentRead: true }))).Item;

  return {
    head: () =>
      awsStep('ledger head', async () => {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: '#pk = :ledger',
            ExpressionAttributeNames: PK_NAME,
            ExpressionAttributeValues: { ':ledger': S(LEDGER_KEY_PREFIX) },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        );
        const item = out.Items?.[0];
        return item ? toRecord(item) : null;
      }),
    appendIfFree: (append) =>
      awsStep(`ledger entry ${append.record.seq} (${append.record.key})`, async () => {
        const { record, previousSeq, evidence } = append;
        // One transaction item per condition, in this order; `conditions[i]` names item i's.
        const items: TransactWriteItem[] = [];
        const conditions: LedgerCondition[] = [];
        items.push({
          Put: {
            TableName: tableName,
            Item: {
              ...strings(keys.ledgerEntry(record.seq)),
              seq: N(record.seq),
              key: S(record.key),
              type: S(record.type),
              time: S(record.time),
              jws: S(record.jws),
              ...(record.evidenceSha256 === null ? {} : { evidenceSha256: S(record.evidenceSha256) }),
            },
            ConditionExpression: itemDoesNotExist,
            ExpressionAttributeNames: PK_NAME,
          },
        });
        conditions.push('seqIsFree');
        items.push({
          Put: {
            TableName: tableName,
            Item: { ...strings(keys.ledgerKey(record.key)), seq: N(record.seq) },
            ConditionExpression: itemDoesNotExist,
            ExpressionAttributeNames: PK_NAME,
          },
        });
        conditions.push('keyIsFree');
        if (evidence !== null) {
          items.push({
            Put: {
              TableName: tableName,
              Item: { ...strings(keys.ledgerEvidence(evidence.sha256)), json: S(evidence.json) },
              ConditionExpression: evidenceIsNewOrSame,
              ExpressionAttributeNames: { ...PK_NAME, '#json': 'json' },
              ExpressionAttributeValues: { ':json': S(evidence.json) },
            },
          });
          conditions.push('evidenceIsNewOrSame');
        }
        if (previousSeq !== null) {
          items.push({
            ConditionCheck: {
              TableName: tableName,
              Key: strings(keys.ledgerEntry(previousSeq)),
              ConditionExpression: previousEntryExists,
              ExpressionAttributeNames: PK_NAME,
            },
          });
          conditions.push('previousExists');
          items.push({
            ConditionCheck: {
              TableName: tableName,
              Key: strings(keys.ledgerTree(previousSeq - 1)),
              ConditionExpression: previousLeafInTree,
              ExpressionAttributeNames: PK_NAME,
            },
          });
          conditions.push('previousInTree');
        }
        items.push({
          Put: {
            TableName: tableName,
            Item: { ...strings(keys.ledgerTree(record.seq - 1)), hashes: { B: append.treeRecord } },
            ConditionExpression: itemDoesNotExist,
            ExpressionAttributeNames: PK_NAME,
          },
        });
        conditions.push('seqIsFree');
        // Last, so that `conditions[i]` still names item i for the ledger's own items.
        if (append.monitor !== null) items.push(monitorTransactItem(tableName, append.monitor));
        try {
          await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        } catch (error) {
          if (errorName(error) === 'TransactionCanceledException') {
            const reasons = cancellationReasons(error);
            // A lost monitor condition is reported as such: a newer seq would not help.
            if (append.monitor !== null && reasons[conditions.length] === 'ConditionalCheckFailed') throw monitorChanged(append.monitor, error);
            if (reasons.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) {
              throw ledgerConflict(append, conditions.filter((_, i) => reasons[i] === 'ConditionalCheckFailed'), error);
            }
          }
          throw error;
        }
      }),
    byKey: (key) =>
      awsStep('ledger entry', async () => {
        const pointer = await getItem(keys.ledgerKey(key));
        if (pointer === undefined) return null;
        const entry = await getItem(keys.ledgerEntry(numberOf(pointer, 'seq')));
        return entry ? toRecord(entry) : null;
      }),
    readRange: (afterSeq, limit) =>
      awsStep('ledger range', async () => {
        const records: LedgerRecord[] = [];
        let start: Item | undefined;
        do {
          const out = await client.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: '#pk = :ledger AND #sk > :after',
              ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
              ExpressionAttributeValues: { ':ledger': S(LEDGER_KEY_PREFIX), ':after': S(pad(afterSeq, 'afterSeq')) },
              Limit: Math.min(RANGE_PAGE, limit - records.length),
              ConsistentRead: true,
              ExclusiveStartKey: start,
            }),
          );
          records.push(...(out.Items ?? []).map(toRecord));
          start = out.LastEvaluatedKey;
        } while (start !== undefined && records.length < limit);
        return records;
      }),
    evidence: (sha256) =>
      awsStep('ledger evidence', async () => {
        const item = await getItem(keys.ledgerEvidence(sha256));
        return item?.['json']?.S ?? null;
      }),
    ...tree,
  };
}

export function createDynamoLedgerStore(table: Table): LedgerStore {
  return createLedgerStore(dynamoLedgerBackend(table));
}
