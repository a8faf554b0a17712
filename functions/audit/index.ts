/** The audit of the signed ledger (every signature, the chain, the head), offline, and the SLA figures it proves. */
export { auditLedger, type AuditOptions, type AuditProblem, type AuditReport } from './ledger-audit.ts';
export { auditIncident, type IncidentCheck, type IncidentAuditOptions, type IncidentAuditReport } from './incident-audit.ts';
export { computeSla, type MonitorSla, type SlaReport } from './sla.ts';
export type { LedgerEntryInput, SignedEntry } from './entry.ts';
