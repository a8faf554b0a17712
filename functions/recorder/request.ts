/** What the recorder accepts: `{append: LedgerAppend}`, checked with zod before anything is signed. */
import * as z from 'zod';
import { LEDGER_ENTRY_TYPES, type LedgerEntryType } from '../core/ledger/types.ts';
import type { LedgerAppend } from '../services/ledger.ts';

export const LedgerAppendSchema = z.strictObject({
  type: z.enum(LEDGER_ENTRY_TYPES as [LedgerEntryType, ...LedgerEntryType[]]),
  key: z.string().min(1).max(1024),
  body: z.record(z.string(), z.unknown()),
  evidence: z.unknown().optional(),
}) satisfies z.ZodType<LedgerAppend>;

export const RecorderRequestSchema = z.strictObject({ append: LedgerAppendSchema });
