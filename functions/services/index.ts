/** The service functions: the same in Lambda handlers and in the local runtime. */
export type { ServiceDeps, TransitionDeps } from './deps.ts';
export { scheduleDueChecks } from './schedule-checks.ts';
export { handleCheckJob, type CheckJobOutcome } from './check-job.ts';
export { handleVerifyRequest, type VerifyOutcome } from './verify-request.ts';
export { runCheckNow } from './check-now.ts';
export { applyInput, settle, type TransitionOutcome } from './transition.ts';
export { storeResult, keepsRawResult, isCleanUp, isHourlySample, type KeepResults, type ResultContext } from './results.ts';
export { createLedgerWriter, type LedgerAppend, type LedgerWriter } from './ledger.ts';
