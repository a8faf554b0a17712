/**
 * Small documents an operator configures and the public reads, kept as JSON by id within
 * a collection: status pages, announced maintenance, incidents declared by hand,
 * status-page subscribers. Few per
 * collection (tens to hundreds), so a collection is listed whole.
 */
export type DocumentCollection = 'status-page' | 'maintenance' | 'declared-incident' | 'subscriber';

export interface StoredDocument {
  readonly id: string;
  /** The document as JSON, exactly as stored. */
  readonly body: string;
}

export interface DocumentStore {
  get(collection: DocumentCollection, id: string): Promise<string | null>;
  /** Every document of the collection, in id order. */
  list(collection: DocumentCollection): Promise<readonly StoredDocument[]>;
  /** ConflictError when the id exists in the collection. */
  create(collection: DocumentCollection, id: string, body: string): Promise<void>;
  /** NotFoundError when the id does not exist in the collection. */
  replace(collection: DocumentCollection, id: string, body: string): Promise<void>;
  /** false when there was nothing to delete. */
  delete(collection: DocumentCollection, id: string): Promise<boolean>;
}
