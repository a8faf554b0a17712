import type { Monitor } from '../core/monitor.ts';
import type { Page, PageRequest } from './page.ts';

export interface MonitorStore {
  get(id: string): Promise<Monitor | null>;
  /** Ordered by creation (stable across pages). `tag` filters to monitors carrying it. */
  list(query: PageRequest & { readonly tag?: string | undefined }): Promise<Page<Monitor>>;
  /** Every monitor, for the scheduler. */
  all(): Promise<readonly Monitor[]>;
  /** The monitors named exactly `name` (names are unique, so none or one), without reading every monitor where the store can. */
  named(name: string): Promise<readonly Monitor[]>;
  /** ConflictError when the id exists. */
  create(monitor: Monitor): Promise<void>;
  /** NotFoundError when the id does not exist. */
  replace(monitor: Monitor): Promise<void>;
  /** false when there was nothing to delete. */
  delete(id: string): Promise<boolean>;
}
