/** Offline verification of the signed ledger, and the SLA figures it proves. */
export { verifyLedger, type VerifyOptions, type VerifyProblem, type VerifyReport } from './verify.ts';
export { incidentVerify, type IncidentCheck, type IncidentVerifyOptions, type IncidentVerifyReport } from './incident-verify.ts';
export { computeSla, type MonitorSla, type SlaReport } from './sla.ts';
export type { LedgerEntryInput, VerifiedEntry } from './entry.ts';
