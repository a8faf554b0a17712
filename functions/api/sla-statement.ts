/**
 * Issuing a signed SLA statement: the figures the log gives for a monitor over a period,
 * computed from the entries of the newest checkpoint with the audit's own function (the
 * one `crosscheck ledger verify --sla` recomputes them with), signed with the ledger key.
 */
import { statementFigures } from '../audit/sla-statement.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { assembleCompactJws, decodeLedgerJws, parseLedgerPayload, type ParsedLedgerPayload } from '../core/ledger/index.ts';
import { statementSigningInput, type SlaStatementPayload } from '../core/ledger/statement.ts';
import { parseCheckpoint } from '../core/tlog/checkpoint.ts';
import { parseSignedNote } from '../core/tlog/note.ts';
import { toBase64 } from '../core/tlog/rfc6962.ts';
import { latestCheckpoint } from '../services/log-reads.ts';
import type { ApiDeps } from './deps.ts';

const PAGE = 1000;

/** [from, to) of `?month=` or `?from=&to=`; ValidationError naming the parameter. */
export function slaPeriod(query: { month?: string | undefined; from?: string | undefined; to?: string | undefined }): { from: number; to: number } {
  if (query.month !== undefined) {
    if (query.from !== undefined || query.to !== undefined) throw new ValidationError([{ path: 'month', message: 'give month, or from and to, not both' }]);
    const [year, month] = query.month.split('-').map(Number) as [number, number];
    return { from: Date.UTC(year, month - 1, 1), to: Date.UTC(year, month, 1) };
  }
  if (query.from === undefined || query.to === undefined) throw new ValidationError([{ path: query.from === undefined ? 'from' : 'to', message: 'give month=YYYY-MM, or both from and to' }]);
  const [from, to] = [Date.parse(query.from), Date.parse(query.to)];
  if (!(from < to)) throw new ValidationError([{ path: 'to', message: 'must be after from' }]);
  return { from, to };
}

export async function issueSlaStatement(deps: ApiDeps, monitorId: string, period: { from: number; to: number }): Promise<{ statement: string; payload: SlaStatementPayload }> {
  if (deps.statementSigner === undefined) throw new NotFoundError('signed SLA statements are not served by this deployment');
  const checkpoint = await latestCheckpoint(deps);
  const payloads: ParsedLedgerPayload[] = [];
  for (let after = 0; after < checkpoint.size; ) {
    const records = await deps.ledger.range(after, Math.min(PAGE, checkpoint.size - after));
    if (records.length === 0) break;
    for (const record of records) {
      const parsed = parseLedgerPayload(decodeLedgerJws(record.jws).payload);
      if (parsed.ok) payloads.push(parsed.payload);
    }
    after = records.at(-1)!.seq;
  }
  const now = deps.clock.now();
  if (period.from >= now) throw new ValidationError([{ path: 'from', message: 'the period has not started yet' }]);
  const figures = statementFigures(payloads, monitorId, { from: period.from, to: Math.min(period.to, now) });
  if (figures === null) throw new NotFoundError(`the log names no monitor ${monitorId}`);
  const { origin, size, root } = parseCheckpoint(parseSignedNote(checkpoint.note).text);
  const payload: SlaStatementPayload = { type: 'sla.statement', ...figures, checkpoint: { origin, size, root: toBase64(root) }, issuedAt: new Date(now).toISOString() };
  const { kid } = await deps.signer.publicJwk();
  const input = statementSigningInput(kid, payload);
  const signature = await deps.statementSigner.sign(Buffer.from(input, 'ascii'));
  return { statement: assembleCompactJws(input, signature), payload };
}
