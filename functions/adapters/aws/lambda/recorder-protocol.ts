/**
 * The wire format between the functions that need a ledger entry and the recorder, the
 * one function allowed to sign (kms:Sign) and append: a synchronous Lambda invoke. Both
 * directions are zod schemas, checked by the side that receives them.
 *
 * request: `{ "append": LedgerAppend }` (a monitor change in it is written by the
 *          recorder in the same transaction as the entry)
 * reply:   `{ "record": LedgerRecord }` or `{ "error": { name, message, issues? } }`
 *
 * Errors travel by name, so that a ConflictError in the recorder is a ConflictError for
 * the caller too.
 */
import * as z from 'zod';
import {
  ConfigError,
  ConflictError,
  CrossCheckError,
  MonitorChangedError,
  NotFoundError,
  SignerError,
  ThrottledError,
  ValidationError,
  type FieldIssue,
} from '../../../core/errors.ts';
import { LEDGER_ENTRY_TYPES, type LedgerEntryType } from '../../../core/ledger/types.ts';
import { MonitorSchema, type Monitor } from '../../../core/monitor.ts';
import type { LedgerRecord, MonitorChange } from '../../../ports/ledger-store.ts';
import type { LedgerAppend } from '../../../ports/ledger-writer.ts';

/**
 * A monitor checked against the stored shape but handed on exactly as sent: a replace or
 * delete is conditional on the stored JSON being the text of `expected`, so parsing must
 * not add defaults or reorder its fields.
 */
const MonitorAsSent = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const parsed = MonitorSchema.safeParse(value);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}) as unknown as z.ZodType<Monitor>;

const MonitorChangeSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('create'), monitor: MonitorAsSent }),
  z.strictObject({ op: z.literal('replace'), monitor: MonitorAsSent, expected: MonitorAsSent }),
  z.strictObject({ op: z.literal('delete'), expected: MonitorAsSent }),
]) satisfies z.ZodType<MonitorChange>;

export const LedgerAppendSchema = z.strictObject({
  type: z.enum(LEDGER_ENTRY_TYPES as [LedgerEntryType, ...LedgerEntryType[]]),
  key: z.string().min(1).max(1024),
  body: z.record(z.string(), z.unknown()),
  evidence: z.unknown().optional(),
  monitorChange: MonitorChangeSchema.optional(),
}) satisfies z.ZodType<LedgerAppend>;

/** What the recorder accepts, checked before anything is signed. */
export const RecorderRequestSchema = z.strictObject({ append: LedgerAppendSchema });
export type RecorderRequest = z.output<typeof RecorderRequestSchema>;

const LedgerRecordSchema = z.object({
  seq: z.number(),
  jws: z.string(),
  type: z.string(),
  key: z.string(),
  time: z.string(),
  evidenceSha256: z.string().nullable(),
}) satisfies z.ZodType<LedgerRecord>;

const RecorderFailureSchema = z.object({
  name: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() }) satisfies z.ZodType<FieldIssue>).optional(),
});
export type RecorderFailure = z.output<typeof RecorderFailureSchema>;

/** What the caller accepts back. */
export const RecorderReplySchema = z.union([z.object({ record: LedgerRecordSchema }), z.object({ error: RecorderFailureSchema })]);
export type RecorderReply = { readonly record: LedgerRecord } | { readonly error: RecorderFailure };

/** For the recorder: what to answer when the append threw. */
export function failureReply(error: unknown): RecorderReply {
  if (error instanceof ValidationError) return { error: { name: 'ValidationError', message: error.message, issues: [...error.issues] } };
  if (error instanceof Error) return { error: { name: error.name, message: error.message } };
  return { error: { name: 'Error', message: String(error) } };
}

const BY_NAME: Readonly<Record<string, new (message: string) => CrossCheckError>> = {
  ConflictError,
  MonitorChangedError,
  NotFoundError,
  ThrottledError,
  SignerError,
  ConfigError,
};

/** For the caller: the recorder's error as the same class of CrossCheck error. */
export function errorOfFailure(failure: RecorderFailure, context: string): CrossCheckError {
  const message = `${context}: ${failure.message}`;
  if (failure.name === 'ValidationError') return new ValidationError(failure.issues ?? [], message);
  const ErrorClass = Object.hasOwn(BY_NAME, failure.name) ? BY_NAME[failure.name]! : null;
  return ErrorClass ? new ErrorClass(message) : new CrossCheckError(`${context}: ${failure.name}: ${failure.message}`);
}
