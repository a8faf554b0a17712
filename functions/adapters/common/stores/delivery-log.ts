/**
 * The DeliveryLog port's rules, once for every backend: a delivery is stored as its JSON
 * and read back unchanged; the first claim of an id wins; an update of an id never
 * claimed is NotFoundError; an incident's deliveries come oldest first (ties by id).
 * A backend moves bytes and makes `insertIfAbsent` and `replaceIfPresent` atomic.
 */
import type { Delivery } from '../../../core/delivery.ts';
import { NotFoundError } from '../../../core/errors.ts';
import type { DeliveryLog } from '../../../ports/delivery-log.ts';
import { epochMs } from './checks.ts';

export interface DeliveryRow {
  readonly delivery: Delivery;
  /** Epoch ms of `delivery.createdAt`. */
  readonly createdMs: number;
  readonly body: string;
}

export interface DeliveryBackend {
  insertIfAbsent(row: DeliveryRow): Promise<boolean>;
  replaceIfPresent(row: DeliveryRow): Promise<boolean>;
  /** The bodies of an incident's deliveries, in any order. */
  incidentBodies(incidentId: string): Promise<readonly string[]>;
}

const rowOf = (delivery: Delivery): DeliveryRow => ({ delivery, createdMs: epochMs(delivery.createdAt, 'createdAt'), body: JSON.stringify(delivery) });

export function createDeliveryLog(backend: DeliveryBackend): DeliveryLog {
  return {
    claim: (delivery) => backend.insertIfAbsent(rowOf(delivery)),
    update: async (delivery) => {
      if (!(await backend.replaceIfPresent(rowOf(delivery)))) throw new NotFoundError(`delivery ${delivery.id} was never claimed`);
    },
    forIncident: async (incidentId) =>
      (await backend.incidentBodies(incidentId))
        .map((body) => JSON.parse(body) as Delivery)
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
