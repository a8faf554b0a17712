/**
 * The delivery of one alert to one channel: claimed once under its id (alert id and
 * channel name), so that however often a transition is carried out, each (incident,
 * transition, channel) is delivered at most once; then its outcome, for the delivery log
 * (`GET /v1/incidents/{id}/alerts`) and the warning a failed delivery raises.
 */
import type { AlertKind } from './alert.ts';
import type { ChannelType } from './channel.ts';

export const DELIVERY_STATUSES = ['sending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  /** `<alert id>|<channel>`. */
  readonly id: string;
  readonly alertId: string;
  readonly kind: AlertKind;
  readonly incidentId: string | null;
  readonly monitorId: string;
  readonly channel: string;
  readonly channelType: ChannelType;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** The receiver's last HTTP status (or SMTP reply code); null when none came. */
  readonly lastStatus: number | null;
  /** Why the last attempt failed, without the receiver's URL (it may hold a secret). */
  readonly lastError: string | null;
  /** RFC 3339. */
  readonly createdAt: string;
  /** RFC 3339. */
  readonly updatedAt: string;
}

export const deliveryId = (alertId: string, channel: string): string => `${alertId}|${channel}`;
