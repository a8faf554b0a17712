import type { Alert } from '../core/alert.ts';

export interface Notifier {
  /** Delivers (or queues for delivery) one alert. Must not block checks on a slow receiver. */
  send(alert: Alert): Promise<void>;
}
