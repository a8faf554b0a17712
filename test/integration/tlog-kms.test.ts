/**
 * Checkpoints signed through KMS on moto (ECC_NIST_P256, Sign with MessageType RAW) over a
 * tree kept in DynamoDB, verified with the vkey alone; a changed byte in the note is caught.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { beforeAll, expect, it } from 'vitest';
import { createKmsSigner } from '../../functions/adapters/aws/kms/signer.ts';
import { createAwsStores } from '../../functions/adapters/aws/stores.ts';
import { tableDefinition } from '../../functions/adapters/aws/table-design.ts';
import { monitorChangeBody } from '../../functions/core/ledger/payloads.ts';
import { parseCheckpoint } from '../../functions/core/tlog/checkpoint.ts';
import { parseSignedNote, parseVerifierKey, verifySignedNote } from '../../functions/core/tlog/note.ts';
import { ledgerLeafHash, toBase64 } from '../../functions/core/tlog/rfc6962.ts';
import { TreeBuilder } from '../../functions/core/tlog/tree.ts';
import { checkpointingWriter, createCheckpointer } from '../../functions/services/checkpoints.ts';
import { createLedgerWriter } from '../../functions/services/ledger.ts';
import { ecdsaNoteSigner } from '../../functions/services/note-signers.ts';
import { monitorWithId } from '../helpers/fixtures.ts';
import { describeOnMoto } from '../helpers/moto.ts';

const HOME = 'eu-west-1';

describeOnMoto('checkpoints signed by KMS on moto', (moto) => {
  let kms: KMSClient;
  let dynamo: DynamoDBClient;
  beforeAll(() => {
    kms = new KMSClient(moto().config(HOME));
    dynamo = new DynamoDBClient(moto().config(HOME));
  });

  it('signs each checkpoint with the ledger key; the vkey alone verifies it, and the root is the entries\'', async () => {
    const key = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'tlog test' }));
    await dynamo.send(new CreateTableCommand(tableDefinition('tlog-kms')));
    const stores = createAwsStores({ tableName: 'tlog-kms', region: HOME, homeRegion: HOME, client: dynamo });
    const signer = createKmsSigner({ keyId: key.KeyMetadata!.KeyId!, region: HOME, client: kms });
    const noteSigner = ecdsaNoteSigner(signer, () => stores.log.origin('abc123.execute-api.eu-west-1.amazonaws.com/ledger'));
    let now = Date.parse('2026-12-04T10:00:00.000Z');
    const writer = checkpointingWriter(
      createLedgerWriter({ ledger: stores.ledger, signer, clock: { now: () => (now += 1000) } }),
      createCheckpointer({ ledger: stores.ledger, log: stores.log, signers: [noteSigner] }),
      (error) => {
        throw error;
      },
    );
    for (const id of ['m1', 'm2', 'm3']) await writer.append({ type: 'monitor.created', key: `monitor.created:${id}`, body: monitorChangeBody(monitorWithId(id)) });

    const { note, size } = (await stores.log.latestCheckpoint())!;
    expect(size).toBe(3);
    const vkey = parseVerifierKey((await noteSigner.describe()).vkey);
    expect(verifySignedNote(note, [vkey]).verifiedBy).toEqual([vkey]);
    const builder = new TreeBuilder();
    for (const entry of await stores.ledger.range(0, 10)) builder.addLeafHash(ledgerLeafHash(entry.jws));
    expect(toBase64(parseCheckpoint(parseSignedNote(note).text).root)).toBe(toBase64(builder.root()));

    const forged = note.replace('\n3\n', '\n4\n');
    expect(() => verifySignedNote(forged, [vkey])).toThrow(/does not verify/);
  });
});
