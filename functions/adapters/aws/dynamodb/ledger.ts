/**
 * LedgerStore over DynamoDB (home region, strongly consistent reads). Append-only: there
 * is no update or delete here, and IAM denies both on every `LEDGER*` key.
 *
 * An append is one TransactWriteItems, all or nothing:
 * - the entry at `seq`, on the condition that the seq is free (no fork);
 * - a key item `LEDGER#KEY#<key>`, on the condition that the key is free (no duplicate);
 * - the evidence document, when given, addressed by its SHA-256 (new, or the same text);
 * - a condition check that entry `seq - 1` exists (no gap), for every seq after the first.
 * Given that the ledger never has gaps, "seq is free and seq - 1 exists" is exactly the
 * port's "seq is head + 1".
 */
import { GetItemCommand, QueryCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { ConflictError, ValidationError } from '../../../core/errors.ts';
import type { LedgerRecord, LedgerStore } from '../../../ports/ledger-store.ts';
import { checkLimit } from '../../common/paging.ts';
import { awsStep, cancellationReasons, errorName } from '../errors.ts';
import { LEDGER_KEY_PREFIX, TABLE_KEYS } from '../table-design.ts';
import { evidenceIsNewOrSame, itemDoesNotExist, previousEntryExists } from './conditions.ts';
import { keys, pad } from './keys.ts';
import type { Item } from './paging.ts';
import { N, numberOf, PK_NAME, S, stringOf, strings, type Table } from './table.ts';

/** The chain starts at 1 (see the ledger writer's genesis entry). */
const FIRST_SEQ = 1;
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

/** Which of the transaction's conditions failed, in words; ConflictError either way. */
function conflictOf(error: unknown, record: LedgerRecord, parts: readonly string[]): ConflictError {
  const reasons = cancellationReasons(error);
  const failed = parts.filter((_, i) => reasons[i] === 'ConditionalCheckFailed');
  const detail = failed.length > 0 ? failed.join(', ') : 'another transaction was writing the same items';
  return new ConflictError(`ledger entry ${record.seq} (${record.key}) not appended: ${detail}`, { cause: error });
}

export function createDynamoLedgerStore({ client, tableName }: Table): LedgerStore {
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
    append: (record, evidence) =>
      awsStep(`ledger entry ${record.seq} (${record.key})`, async () => {
        if (!Number.isSafeInteger(record.seq) || record.seq < FIRST_SEQ) {
          throw new ValidationError([{ path: 'seq', message: `must be an integer of at least ${FIRST_SEQ}` }]);
        }
        if (evidence !== undefined && evidence.sha256 !== record.evidenceSha256) {
          throw new ValidationError([{ path: 'evidenceSha256', message: 'must be the SHA-256 of the evidence stored with the entry' }]);
        }
        const items: TransactWriteItem[] = [];
        const parts: string[] = [];
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
        parts.push(`entry ${record.seq} exists already`);
        items.push({
          Put: {
            TableName: tableName,
            Item: { ...strings(keys.ledgerKey(record.key)), seq: N(record.seq) },
            ConditionExpression: itemDoesNotExist,
            ExpressionAttributeNames: PK_NAME,
          },
        });
        parts.push(`key ${record.key} has an entry already`);
        if (evidence !== undefined) {
          items.push({
            Put: {
              TableName: tableName,
              Item: { ...strings(keys.ledgerEvidence(evidence.sha256)), json: S(evidence.json) },
              ConditionExpression: evidenceIsNewOrSame,
              ExpressionAttributeNames: { ...PK_NAME, '#json': 'json' },
              ExpressionAttributeValues: { ':json': S(evidence.json) },
            },
          });
          parts.push(`other evidence is stored under ${evidence.sha256}`);
        }
        if (record.seq > FIRST_SEQ) {
          items.push({
            ConditionCheck: {
              TableName: tableName,
              Key: strings(keys.ledgerEntry(record.seq - 1)),
              ConditionExpression: previousEntryExists,
              ExpressionAttributeNames: PK_NAME,
            },
          });
          parts.push(`entry ${record.seq} would leave a gap (entry ${record.seq - 1} does not exist)`);
        }
        try {
          await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        } catch (error) {
          if (errorName(error) === 'TransactionCanceledException') {
            const reasons = cancellationReasons(error);
            if (reasons.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) throw conflictOf(error, record, parts);
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
    range: (afterSeq, limit) =>
      awsStep('ledger range', async () => {
        const wanted = checkLimit(limit, Number.MAX_SAFE_INTEGER);
        const records: LedgerRecord[] = [];
        let start: Item | undefined;
        do {
          const out = await client.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: '#pk = :ledger AND #sk > :after',
              ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
              ExpressionAttributeValues: { ':ledger': S(LEDGER_KEY_PREFIX), ':after': S(pad(Math.max(0, Math.floor(afterSeq)), 'afterSeq')) },
              Limit: Math.min(RANGE_PAGE, wanted - records.length),
              ConsistentRead: true,
              ExclusiveStartKey: start,
            }),
          );
          records.push(...(out.Items ?? []).map(toRecord));
          start = out.LastEvaluatedKey;
        } while (start !== undefined && records.length < wanted);
        return records;
      }),
    evidence: (sha256) =>
      awsStep('ledger evidence', async () => {
        const item = await getItem(keys.ledgerEvidence(sha256));
        return item?.['json']?.S ?? null;
      }),
  };
}
