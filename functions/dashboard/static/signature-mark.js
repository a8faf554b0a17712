/**
 * The signature mark of an incident: what the browser's own check of the signed
 * ledger entries concluded. `data-verified` is "pending", "true", "false" or
 * "unavailable" (this browser cannot check, or the ledger could not be loaded).
 */
import { h } from './dom.js';

/** @typedef {import('./incident-check.js').CheckOutcome} CheckOutcome */

export function pendingMark() {
  return h('p', { class: 'verify', dataset: { verified: 'pending' } }, h('span', { class: 'verify-icon', 'aria-hidden': 'true', text: '…' }), ' ', 'Checking the signature…');
}

/** @param {CheckOutcome} outcome */
export function outcomeMark(outcome) {
  if (outcome.signature === 'valid') {
    const keys = outcome.kids.join(', ');
    const entries = outcome.seqs.map((s) => `#${s}`).join(', ');
    return h(
      'p',
      {
        class: 'verify',
        dataset: { verified: 'true', kid: keys },
        title: `ES256 signature checked in this browser with key ${keys}; each entry links to the one before it`,
      },
      h('span', { class: 'verify-icon', 'aria-hidden': 'true', text: '✓' }),
      ' ',
      'Signature verified ',
      h('span', { class: 'verify-detail', text: `ledger ${entries} · key ${shortKid(keys)}` }),
    );
  }
  if (outcome.signature === 'invalid') {
    return h('p', { class: 'verify', dataset: { verified: 'false' } }, h('span', { class: 'verify-icon', 'aria-hidden': 'true', text: '✗' }), ' ', `Verification failed: ${outcome.reason}`);
  }
  return h('p', { class: 'verify', dataset: { verified: 'unavailable' } }, h('span', { class: 'verify-icon', 'aria-hidden': 'true', text: '?' }), ' ', `Not verified here: ${outcome.reason}`);
}

/** @param {string} kid a JWK thumbprint is 43 characters; 12 are enough to compare by eye */
function shortKid(kid) {
  return kid.length > 16 ? `${kid.slice(0, 12)}…` : kid;
}
