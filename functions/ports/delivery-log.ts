import type { Delivery } from '../core/delivery.ts';

/** The deliveries of alerts to channels: claimed once each, then their outcome. */
export interface DeliveryLog {
  /** Writes the delivery if its id is new; false when it was claimed before (nothing written). */
  claim(delivery: Delivery): Promise<boolean>;
  /** Records the outcome of a claimed delivery (NotFoundError when it was never claimed). */
  update(delivery: Delivery): Promise<void>;
  /** An incident's deliveries, oldest first. */
  forIncident(incidentId: string): Promise<readonly Delivery[]>;
}
