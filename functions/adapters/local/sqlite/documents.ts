/** DocumentStore over SQLite: one row per document. The rules live in ../../common/stores/document-store.ts. */
import type { DatabaseSync } from 'node:sqlite';
import type { DocumentStore, StoredDocument } from '../../../ports/document-store.ts';
import { createDocumentStore } from '../../common/stores/document-store.ts';
import { step } from './errors.ts';

export function createSqliteDocumentStore(db: DatabaseSync): DocumentStore {
  const select = db.prepare('SELECT body FROM documents WHERE collection = ? AND id = ?');
  const all = db.prepare('SELECT id, body FROM documents WHERE collection = ?');
  const insert = db.prepare('INSERT INTO documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const update = db.prepare('UPDATE documents SET body = ? WHERE collection = ? AND id = ?');
  const remove = db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?');
  return createDocumentStore({
    read: (collection, id) => step(collection, () => (select.get(collection, id) as { body: string } | undefined)?.body ?? null),
    readAll: (collection) => step(collection, () => all.all(collection) as unknown as StoredDocument[]),
    insertIfAbsent: (collection, id, body) => step(`${collection} ${id}`, () => insert.run(collection, id, body).changes === 1),
    replaceIfPresent: (collection, id, body) => step(`${collection} ${id}`, () => update.run(body, collection, id).changes === 1),
    delete: (collection, id) => step(`${collection} ${id}`, () => remove.run(collection, id).changes === 1),
  });
}
