/**
 * Powertools' logger and metrics (CloudWatch EMF), one pair per function container.
 * Service name and namespace come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_METRICS_NAMESPACE, set by the CDK app.
 *
 * Logging rule: ids, regions, counts, error names and messages. Never a monitor's URL,
 * headers or body, a webhook URL, or a message body: they may hold credentials.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { NotifierLogger } from '../adapters/common/notifiers/webhook.ts';

export { MetricUnit } from '@aws-lambda-powertools/metrics';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function observability(): Observability {
  return { logger: new Logger(), metrics: new Metrics({ namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'CrossCheck' }) };
}

/** The logger as the webhook notifier wants it. */
export function notifierLogger(logger: Logger): NotifierLogger {
  return {
    warn: (message, fields) => logger.warn(message, { ...fields }),
    error: (message, fields) => logger.error(message, { ...fields }),
  };
}

/** An error as log fields: its name and message, never its stack of request data. */
export function errorFields(error: unknown): { readonly errorName: string; readonly errorMessage: string } {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message };
  return { errorName: 'Error', errorMessage: String(error) };
}
