/**
 * The condition expressions of every conditional write, named for what they guarantee.
 * (`#pk`, `#version`, `#json` are bound in the requests that use them.)
 */

/** Creates refuse to overwrite: a second monitor, incident, state, alert claim or ledger item with the same key is a conflict. */
export const itemDoesNotExist = 'attribute_not_exists(#pk)';

/** Replaces and updates must not resurrect an item someone deleted: absent is NotFound, not a silent create. */
export const itemExists = 'attribute_exists(#pk)';

/**
 * Optimistic concurrency on a monitor definition: the write lands only while the stored
 * JSON is the text the writer read (absent fails too: no resurrecting a deleted monitor).
 */
export const bodyIsExpected = '#body = :expected';

/** Optimistic concurrency on monitor state: the write lands only on the version the writer read. */
export const stateVersionMatches = '#version = :expected';

/**
 * Evidence is addressed by its SHA-256: storing the same document twice is fine (two
 * entries may share evidence), a different document under the same hash is not.
 */
export const evidenceIsNewOrSame = 'attribute_not_exists(#pk) OR #json = :json';

/** No gaps in the ledger: entry n may only follow an existing entry n - 1. */
export const previousEntryExists = 'attribute_exists(#pk)';

/** No gaps in the tree: leaf n's record may only follow leaf n - 1's (written with entry n). */
export const previousLeafInTree = 'attribute_exists(#pk)';

/** A tree record is computed from the entries: writing the same hashes again is fine, other hashes never. */
export const treeRecordIsNewOrSame = 'attribute_not_exists(#pk) OR #hashes = :hashes';
