/** The schemas the OpenAPI document names as components (others get names from their operation). */
import type { z } from 'zod';
import { FieldIssueSchema, ProblemSchema } from './common.ts';
import {
  IncidentDetailSchema,
  IncidentPageSchema,
  IncidentSchema,
  IncidentVerificationSchema,
  JwkSchema,
  JwksSchema,
  LedgerEntrySchema,
  LedgerPageSchema,
  ResultSummarySchema,
} from './incidents.ts';
import { CheckNowSchema, CheckPageSchema, MonitorBodySchema, MonitorPageSchema, MonitorPatchSchema, MonitorSchema, MonitorStatusSchema, StatsSchema } from './monitors.ts';
import { CheckResultSchema, StoredResultSchema, TimingsSchema, TlsFactsSchema } from './results.ts';
import { HealthSchema, StatusDetailSchema, StatusSchema } from './status.ts';

/** Request bodies (as sent: defaults optional). */
export const INPUT_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  MonitorDefinition: MonitorBodySchema,
  MonitorPatch: MonitorPatchSchema,
};

/** Response bodies (as returned). */
export const OUTPUT_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Problem: ProblemSchema,
  FieldIssue: FieldIssueSchema,
  Monitor: MonitorSchema,
  MonitorState: MonitorStatusSchema,
  MonitorPage: MonitorPageSchema,
  Timings: TimingsSchema,
  TlsFacts: TlsFactsSchema,
  CheckResult: CheckResultSchema,
  StoredResult: StoredResultSchema,
  CheckPage: CheckPageSchema,
  CheckNow: CheckNowSchema,
  Stats: StatsSchema,
  ResultSummary: ResultSummarySchema,
  Incident: IncidentSchema,
  IncidentDetail: IncidentDetailSchema,
  IncidentPage: IncidentPageSchema,
  IncidentVerification: IncidentVerificationSchema,
  LedgerEntry: LedgerEntrySchema,
  LedgerPage: LedgerPageSchema,
  Jwk: JwkSchema,
  Jwks: JwksSchema,
  Status: StatusSchema,
  StatusDetail: StatusDetailSchema,
  Health: HealthSchema,
};
