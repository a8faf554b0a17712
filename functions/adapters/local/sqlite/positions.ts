/** Where a SQLite row sits in a listing: its sort time (epoch ms) and id. Cursors carry this. */
export interface TimePosition {
  readonly t: number;
  readonly id: string;
}

/** A decoded cursor as a position, or null when it is not one. */
export function timePosition(value: unknown): TimePosition | null {
  if (typeof value !== 'object' || value === null) return null;
  const { t, id } = value as { t?: unknown; id?: unknown };
  return typeof t === 'number' && Number.isFinite(t) && typeof id === 'string' ? { t, id } : null;
}

/** A row of a time-ordered listing, as its body and position. */
export function positioned(row: { readonly id: string; readonly ms: number; readonly body: string }): { body: string; position: TimePosition } {
  return { body: row.body, position: { t: row.ms, id: row.id } };
}
