/** Parameters and bodies of the transparency log's routes. */
import * as z from 'zod';
import { DateTimeParam } from './common.ts';

const positive = (what: string) =>
  z.coerce
    .number({ error: 'must be an integer of at least 1' })
    .int({ error: 'must be an integer of at least 1' })
    .min(1, { error: 'must be an integer of at least 1' })
    .describe(what);

export const SeqParams = z.object({ seq: positive('The seq of a ledger entry (its leaf index is seq - 1).') });

export const TileParams = z.object({
  path: z.string().min(1).max(200).describe('`<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`, as in C2SP tlog-tiles (`N` in 3-digit elements: 1234067 is x001/x234/067).'),
});

export const ConsistencyQuery = z.object({
  from: positive('The older tree size.'),
  to: positive("The newer tree size (default: the newest checkpoint's size).").optional(),
});

export const IncidentProofsSchema = z.object({
  incidentId: z.string(),
  checkpoint: z.string().describe('The signed checkpoint every proof is against (C2SP tlog-checkpoint as a signed note).'),
  proofs: z.array(
    z.object({
      seq: z.number().int(),
      jws: z.string().describe('The entry: its leaf is these ASCII bytes.'),
      proof: z.string().describe('A c2sp.org/tlog-proof@v1 text: index, inclusion proof, checkpoint.'),
    }),
  ),
});

export const SlaQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month as YYYY-MM, e.g. 2026-11' })
    .optional()
    .describe('A calendar month (UTC); or give from and to.'),
  from: DateTimeParam.optional().describe('Start of the period (with to, instead of month).'),
  to: DateTimeParam.optional().describe('End of the period, exclusive (with from). A period ending after now ends now.'),
});

export const SlaStatementSchema = z.object({
  statement: z.string().describe('The statement as a compact JWS (ES256, typ crosscheck-sla+jws), signed with the ledger key: verify with /.well-known/jwks.json.'),
  payload: z.object({
    type: z.literal('sla.statement'),
    monitor: z.object({ id: z.string(), name: z.string() }),
    period: z.object({ from: z.string(), to: z.string() }),
    observedMs: z.number(),
    downtimeMs: z.number(),
    uptime: z.number().nullable(),
    incidents: z.array(z.object({ id: z.string(), opened: z.number().int(), resolved: z.number().int().nullable() })),
    checkpoint: z.object({ origin: z.string(), size: z.number().int(), root: z.string() }),
    issuedAt: z.string(),
  }),
});
