/**
 * What the CLI reads from the API, typed from the core's shapes (the CLI may not import
 * the API's own schemas): a monitor with its state, a stored check result, and an
 * incident as the public routes show it.
 */
import type { CheckResult, FailureCause } from '../core/check-result.ts';
import type { ResultSummary } from '../core/ledger/payloads.ts';
import type { Monitor } from '../core/monitor.ts';
import type { MonitorStatus } from '../core/state.ts';

export type MonitorView = Monitor & {
  readonly state: MonitorStatus;
  readonly stateSince: string | null;
};

export interface StoredResultView extends CheckResult {
  readonly id: string;
  readonly monitorId: string;
  readonly kind: 'scheduled' | 'verification' | 'manual';
}

/** A result as public routes summarize it: the summary a signed ledger entry carries. */
export type ResultSummaryView = ResultSummary;

export interface IncidentView {
  readonly id: string;
  readonly monitorId: string;
  readonly monitorName: string;
  readonly status: 'open' | 'resolved';
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly cause: FailureCause;
  readonly verification: 'confirmed' | 'unavailable';
  readonly primary: { readonly region: string; readonly result: ResultSummaryView };
  readonly verifier: { readonly region: string; readonly outcome: 'confirmed' | 'refuted'; readonly result: ResultSummaryView } | null;
  readonly ledger: { readonly opened: number | null; readonly resolved: number | null };
  /** Only from GET /v1/incidents/{id}. */
  readonly entries?: readonly { readonly seq: number; readonly jws: string }[];
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}
