/**
 * The ledger as a transparency log, public: the C2SP tlog-tiles resources under /ledger
 * (checkpoint, tiles, entry bundles, verifier keys), an entry's inclusion proof as a
 * tlog-proof@v1 text, an incident's proofs, and consistency proofs between two sizes.
 */
import { NotFoundError } from '../../core/errors.ts';
import { formatHashLines } from '../../core/tlog/proof-text.ts';
import { parseTilePath } from '../../core/tlog/tiles.ts';
import { consistencyBetween, entryProof, latestCheckpoint, readTile } from '../../services/log-reads.ts';
import { cosignedNote } from '../../services/witnesses.ts';
import type { ApiDeps } from '../deps.ts';
import { jsonReply, rawReply } from '../reply.ts';
import { defineRoute, type Route } from '../route.ts';
import { IdParams } from '../schemas/common.ts';
import { ConsistencyQuery, IncidentProofsSchema, SeqParams, SlaQuery, SlaStatementSchema, TileParams } from '../schemas/tlog.ts';
import { issueSlaStatement, slaPeriod } from '../sla-statement.ts';

const TEXT = 'text/plain; charset=utf-8';
const NO_CACHE = { 'cache-control': 'no-cache' };
const IMMUTABLE = { 'cache-control': 'public, max-age=31536000, immutable' };

export function tlogRoutes(deps: ApiDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/ledger/checkpoint',
      operationId: 'getCheckpoint',
      summary: "The log's newest signed checkpoint (C2SP tlog-checkpoint, a signed note)",
      description:
        "Origin, tree size and RFC 6962 root of the ledger, signed with the ledger key (ECDSA, note signature type 0x02) and, when configured, an Ed25519 key, followed by the cosignatures (cosignature/v1) of the witnesses that have cosigned it. Verify it with the keys at /ledger/vkeys and the witnesses' keys.",
      tag: 'ledger',
      auth: false,
      responses: { 200: { description: 'The checkpoint.', contentType: 'text/plain' }, 404: { description: 'The ledger is empty: no checkpoint yet.' } },
      async handle() {
        return rawReply(200, await cosignedNote(deps.log, await latestCheckpoint(deps)), TEXT, NO_CACHE);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/ledger/vkeys',
      operationId: 'getVerifierKeys',
      summary: "The log's note verifier keys, one a line",
      description:
        'For ECDSA `<origin>+<hex key ID>+base64(0x02 || SPKI DER)` (transparency-dev/formats note.NewECDSAVerifier); for Ed25519 the vkey of golang.org/x/mod/sumdb/note.',
      tag: 'ledger',
      auth: false,
      responses: { 200: { description: 'The vkeys.', contentType: 'text/plain' } },
      async handle() {
        const keys = await deps.noteKeys();
        return rawReply(200, keys.map((key) => `${key.vkey}\n`).join(''), TEXT, { 'cache-control': 'public, max-age=300' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/ledger/tile/{path+}',
      operationId: 'getTile',
      summary: 'A Merkle tree tile or an entry bundle (C2SP tlog-tiles)',
      description:
        '`/ledger/tile/<L>/<N>[.p/<W>]`: up to 256 hashes of tree level 8L; `/ledger/tile/entries/<N>[.p/<W>]`: up to 256 entries (the compact JWS bytes), each behind a big-endian uint16 length. Only what the newest checkpoint covers is served; once served, a tile never changes.',
      tag: 'ledger',
      auth: false,
      params: TileParams,
      responses: { 200: { description: 'The tile.', contentType: 'application/octet-stream' }, 404: { description: 'Not (yet) in the checkpointed tree.' } },
      async handle({ params }) {
        const data = await readTile(deps, parseTilePath(params.path));
        return rawReply(200, data, 'application/octet-stream', IMMUTABLE);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/ledger/{seq}/proof',
      operationId: 'getEntryProof',
      summary: "An entry's inclusion proof against the newest checkpoint (c2sp.org/tlog-proof@v1)",
      tag: 'ledger',
      auth: false,
      params: SeqParams,
      responses: { 200: { description: 'The proof: index (seq - 1), hashes, the signed checkpoint.', contentType: 'text/plain' }, 404: { description: 'No such entry in the checkpointed log.' } },
      async handle({ params }) {
        return rawReply(200, (await entryProof(deps, params.seq)).text, TEXT, NO_CACHE);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/ledger/consistency',
      operationId: 'getConsistencyProof',
      summary: 'A consistency proof between two tree sizes (RFC 6962), base64 hashes one a line',
      tag: 'ledger',
      auth: false,
      query: ConsistencyQuery,
      responses: { 200: { description: 'The proof (empty when from equals to).', contentType: 'text/plain' } },
      async handle({ query }) {
        const { proof } = await consistencyBetween(deps, query.from, query.to);
        return rawReply(200, formatHashLines(proof), TEXT, IMMUTABLE);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/monitors/{id}/sla',
      operationId: 'getSlaStatement',
      summary: "A signed SLA statement: the monitor's verified uptime over a month or period, as the log gives it",
      description:
        'Observed time, confirmed downtime, uptime and the incidents with their ledger seqs, computed from the entries of the newest checkpoint (named in the statement) and signed with the ledger key. `crosscheck ledger verify --sla` recomputes the figures from the log. Public: names only.',
      tag: 'ledger',
      auth: false,
      params: IdParams,
      query: SlaQuery,
      responses: { 200: { description: 'The statement.', schema: SlaStatementSchema }, 404: { description: 'The log names no such monitor.' } },
      async handle({ params, query }) {
        return jsonReply(200, await issueSlaStatement(deps, params.id, slaPeriod(query)), NO_CACHE);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/incidents/{id}/proof',
      operationId: 'getIncidentProofs',
      summary: "Inclusion proofs of all of an incident's ledger entries against one checkpoint",
      tag: 'incidents',
      auth: false,
      params: IdParams,
      responses: { 200: { description: 'The proofs.', schema: IncidentProofsSchema } },
      async handle({ params }) {
        const incident = await deps.incidents.get(params.id);
        if (!incident) throw new NotFoundError(`incident ${params.id} not found`);
        const seqs = [incident.ledger.opened, incident.ledger.resolved].filter((seq): seq is number => seq !== null);
        const checkpoint = await latestCheckpoint(deps);
        const proofs = [];
        for (const seq of seqs.filter((s) => s <= checkpoint.size)) {
          const [record] = await deps.ledger.range(seq - 1, 1);
          const { text } = await entryProof(deps, seq);
          proofs.push({ seq, jws: record!.jws, proof: text });
        }
        return jsonReply(200, { incidentId: incident.id, checkpoint: await cosignedNote(deps.log, checkpoint), proofs }, NO_CACHE);
      },
    }),
  ];
}
