/**
 * Fetches what checking an incident's signatures needs (its entries, the entry before
 * each, the JWKS) and runs signature-check.js, remembering each outcome: signed entries
 * never change, so an incident is checked again only when it gains an entry. Network
 * trouble is not a verdict: it is reported as "unavailable" and retried on the next refresh.
 */
import { api as defaultApi } from './api.js';
import { decodeJws } from './jws.js';
import { importKeys, checkIncidentSignatures, SignatureCheckError, webCryptoAvailable } from './signature-check.js';
import { checkIncidentInclusion } from './log-check.js';
import { ProofError } from './merkle.js';

/**
 * @typedef {{signature: 'valid', kids: string[], seqs: number[]}
 *   | {signature: 'invalid', reason: string}
 *   | {signature: 'unavailable', reason: string}} CheckOutcome
 * @typedef {import('./signature-check.js').IncidentRef} IncidentRef
 */

/**
 * Entries as `{seq, jws}`; bare JWS strings are accepted too (seq read from the payload).
 * @param {(import('./api.js').LedgerEntry | string)[] | undefined} list
 * @returns {{seq: number, jws: string}[]}
 */
function entriesOf(list) {
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    if (typeof item === 'string') return { seq: seqOf(item), jws: item };
    return { seq: Number(item?.seq), jws: String(item?.jws) };
  });
}

/** @param {string} jws */
function seqOf(jws) {
  try {
    return Number(decodeJws(jws).payload.seq);
  } catch {
    return NaN;
  }
}

/** @param {typeof defaultApi} [source] */
export function createIncidentChecker(source = defaultApi) {
  /** @type {Map<string, Promise<CheckOutcome>>} */
  const outcomes = new Map();
  /** @type {Promise<Map<string, CryptoKey>> | null} */
  let keys = null;

  /** @param {boolean} fresh */
  function loadKeys(fresh) {
    if (keys === null || fresh) {
      const loading = source.jwks().then(importKeys);
      loading.catch(() => {
        if (keys === loading) keys = null;
      });
      keys = loading;
    }
    return keys;
  }

  /** @param {IncidentRef} incident */
  async function run(incident) {
    const entries = entriesOf((await source.incident(incident.id))?.entries);
    /** @type {Map<number, string>} */
    const before = new Map();
    for (const entry of entries) {
      if (!(entry.seq > 1)) continue;
      const page = entriesOf((await source.ledger(entry.seq - 2, 2))?.entries);
      const previous = page.find((e) => e.seq === entry.seq - 1);
      const copy = page.find((e) => e.seq === entry.seq);
      if (copy && copy.jws !== entry.jws) throw new SignatureCheckError(`the ledger's entry #${entry.seq} differs from the incident's copy`);
      if (previous) before.set(entry.seq, previous.jws);
    }
    const previousOf = (/** @type {number} */ seq) => before.get(seq) ?? null;
    let checked;
    try {
      checked = await checkIncidentSignatures(incident, entries, previousOf, await loadKeys(false));
    } catch (error) {
      if (!(error instanceof SignatureCheckError && error.code === 'unknown-key')) throw error;
      checked = await checkIncidentSignatures(incident, entries, previousOf, await loadKeys(true)); // the key may be new since we loaded the JWKS
    }
    // And the entries are in the log's signed checkpoint (RFC 6962 inclusion).
    if (entries.length > 0) {
      try {
        await checkIncidentInclusion(incident.id);
      } catch (error) {
        if (error instanceof ProofError) throw new SignatureCheckError(`not in the log's checkpoint: ${error.message}`);
        throw error;
      }
    }
    return checked;
  }

  return {
    /**
     * @param {IncidentRef} incident
     * @returns {Promise<CheckOutcome>}
     */
    check(incident) {
      if (!webCryptoAvailable()) {
        return Promise.resolve({ signature: 'unavailable', reason: 'this browser verifies signatures only on https:// or localhost pages' });
      }
      const key = [incident.id, incident.ledger?.opened, incident.ledger?.resolved, incident.resolvedAt].join('|');
      let outcome = outcomes.get(key);
      if (!outcome) {
        outcome = run(incident).then(
          (ok) => /** @type {CheckOutcome} */ ({ signature: 'valid', ...ok }),
          (error) => {
            if (error instanceof SignatureCheckError) return /** @type {CheckOutcome} */ ({ signature: 'invalid', reason: error.message });
            outcomes.delete(key);
            return /** @type {CheckOutcome} */ ({ signature: 'unavailable', reason: `the ledger could not be loaded (${error?.message ?? error})` });
          },
        );
        outcomes.set(key, outcome);
      }
      return outcome;
    },
  };
}
