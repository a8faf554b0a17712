/**
 * A monitor change that rides along with a ledger append (ports/ledger-store.ts
 * MonitorChange), as a backend must carry it out inside the append's transaction.
 *
 * The condition on a replace or delete is that the stored JSON is still, byte for byte,
 * the JSON of the monitor the change was made from. Stored bodies are always written by
 * `JSON.stringify` and read back with `JSON.parse`, so the monitor a reader was handed
 * serializes to exactly the stored text; any change in between (an edit, a delete and
 * re-create) makes the text differ, since `updatedAt` only moves forward.
 */
import { MonitorChangedError, ValidationError } from '../../../core/errors.ts';
import type { MonitorChange } from '../../../ports/ledger-store.ts';
import { rowOf, type MonitorRow } from './monitor-store.ts';

export type MonitorWrite =
  | { readonly op: 'create'; readonly row: MonitorRow }
  | { readonly op: 'replace'; readonly row: MonitorRow; readonly expectedBody: string }
  | { readonly op: 'delete'; readonly id: string; readonly expectedBody: string };

/** The write for a change; ValidationError (nothing written) when it changes one monitor into another. */
export function monitorWriteOf(change: MonitorChange): MonitorWrite {
  switch (change.op) {
    case 'create':
      return { op: 'create', row: rowOf(change.monitor) };
    case 'replace':
      if (change.monitor.id !== change.expected.id) {
        throw new ValidationError([{ path: 'monitorChange.monitor.id', message: `must be the id of the monitor it replaces (${change.expected.id})` }]);
      }
      return { op: 'replace', row: rowOf(change.monitor), expectedBody: JSON.stringify(change.expected) };
    case 'delete':
      return { op: 'delete', id: change.expected.id, expectedBody: JSON.stringify(change.expected) };
  }
}

export const monitorIdOf = (write: MonitorWrite): string => (write.op === 'delete' ? write.id : write.row.monitor.id);

/** What a backend throws when the write's condition did not hold. */
export function monitorChanged(write: MonitorWrite, cause?: unknown): MonitorChangedError {
  const id = monitorIdOf(write);
  const text =
    write.op === 'create' ? `monitor ${id} exists already` : `monitor ${id} changed or was deleted since it was read; nothing was written`;
  return new MonitorChangedError(text, { cause });
}
