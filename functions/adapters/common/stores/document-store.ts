/**
 * The DocumentStore port's rules, once for every backend:
 * - an id is 1 to 200 characters and a body valid JSON (ValidationError otherwise, nothing written);
 * - create on an existing id is ConflictError, replace of a missing id NotFoundError;
 * - a listing is the whole collection in id order.
 *
 * A backend only moves bytes: `insertIfAbsent` and `replaceIfPresent` are atomic and
 * answer false when their condition did not hold.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../../core/errors.ts';
import type { DocumentCollection, DocumentStore, StoredDocument } from '../../../ports/document-store.ts';

export interface DocumentBackend {
  read(collection: DocumentCollection, id: string): Promise<string | null>;
  /** Any order: the base sorts. */
  readAll(collection: DocumentCollection): Promise<readonly StoredDocument[]>;
  insertIfAbsent(collection: DocumentCollection, id: string, body: string): Promise<boolean>;
  replaceIfPresent(collection: DocumentCollection, id: string, body: string): Promise<boolean>;
  delete(collection: DocumentCollection, id: string): Promise<boolean>;
}

function checked(id: string, body?: string): void {
  if (id.length < 1 || id.length > 200) throw new ValidationError([{ path: 'id', message: 'must have 1 to 200 characters' }]);
  if (body === undefined) return;
  try {
    JSON.parse(body);
  } catch {
    throw new ValidationError([{ path: 'body', message: 'must be JSON' }]);
  }
}

export function createDocumentStore(backend: DocumentBackend): DocumentStore {
  return {
    get: (collection, id) => backend.read(collection, id),
    list: async (collection) => [...(await backend.readAll(collection))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    create: async (collection, id, body) => {
      checked(id, body);
      if (!(await backend.insertIfAbsent(collection, id, body))) throw new ConflictError(`${collection} ${id} exists already`);
    },
    replace: async (collection, id, body) => {
      checked(id, body);
      if (!(await backend.replaceIfPresent(collection, id, body))) throw new NotFoundError(`${collection} ${id} does not exist`);
    },
    delete: (collection, id) => backend.delete(collection, id),
  };
}
