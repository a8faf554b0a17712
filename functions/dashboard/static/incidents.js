/**
 * The incident timeline of one monitor, newest first: opened and resolved times,
 * duration, cause, how the failure was verified, and the browser's check of the
 * incident's signed ledger entries.
 */
import { h } from './dom.js';
import { causeLabel, dateTime, duration } from './format.js';
import { outcomeMark, pendingMark } from './signature-mark.js';

/**
 * @typedef {import('./api.js').StatusDetail['incidents'][number]} IncidentSummary
 * @typedef {{check(incident: IncidentSummary): Promise<import('./incident-check.js').CheckOutcome>}} Checker
 */

/** @param {string} iso */
const time = (iso) => h('time', { datetime: iso, text: dateTime(iso) });

/** @param {IncidentSummary} incident @param {number} now */
function facts(incident, now) {
  const open = incident.status === 'open' || !incident.resolvedAt;
  const end = open ? now : Date.parse(/** @type {string} */ (incident.resolvedAt));
  const verification =
    incident.verification === 'confirmed' ? 'Confirmed from a second region' : 'Second region unavailable: confirmed by the failure persisting';
  return h(
    'dl',
    { class: 'facts' },
    h('div', {}, h('dt', { text: 'Opened' }), h('dd', {}, time(incident.openedAt))),
    h('div', {}, h('dt', { text: 'Resolved' }), h('dd', {}, open ? 'not yet' : time(/** @type {string} */ (incident.resolvedAt)))),
    h('div', {}, h('dt', { text: 'Duration' }), h('dd', { text: `${duration(end - Date.parse(incident.openedAt))}${open ? ' so far' : ''}` })),
    h('div', { class: 'wide' }, h('dt', { text: 'Verification' }), h('dd', { dataset: { verification: incident.verification }, text: verification })),
  );
}

/**
 * @param {Checker} checker
 */
export function createIncidentList(checker) {
  const el = h('div', { class: 'incidents' });
  /** @type {Map<string, {item: HTMLLIElement, key: string}>} */
  let items = new Map();

  /** @param {IncidentSummary} incident @param {HTMLElement} slot */
  function checkSignaturesInto(incident, slot) {
    checker.check(incident).then((outcome) => {
      if (slot.isConnected) slot.replaceChildren(outcomeMark(outcome));
    });
  }

  /** @param {IncidentSummary} incident @param {number} now */
  function render(incident, now) {
    const open = incident.status === 'open';
    const slot = h('div', { class: 'verify-slot' }, pendingMark());
    const item = h(
      'li',
      { class: 'incident', dataset: { incidentId: incident.id, status: incident.status } },
      h('p', { class: 'incident-head' }, h('span', { class: `pill ${open ? 'pill-open' : 'pill-resolved'}`, text: open ? 'Ongoing' : 'Resolved' }), h('span', { class: 'incident-cause', text: causeLabel(incident.cause) })),
      facts(incident, now),
      slot,
    );
    checkSignaturesInto(incident, slot);
    return item;
  }

  return {
    el,
    /**
     * Re-renders only incidents whose data changed, so a finished check is not redone
     * and the page does not flicker; open incidents re-render for their running duration.
     * @param {IncidentSummary[]} incidents newest first
     * @param {number} now
     */
    update(incidents, now) {
      if (incidents.length === 0) {
        items = new Map();
        el.replaceChildren(h('p', { class: 'muted', text: 'No incidents recorded. Failures seen from one region only and refuted by another are not incidents.' }));
        return;
      }
      /** @type {typeof items} */
      const next = new Map();
      const list = h('ol', { class: 'timeline' });
      for (const incident of incidents) {
        const key = JSON.stringify(incident);
        const old = items.get(incident.id);
        const item = old && old.key === key && incident.status !== 'open' ? old.item : render(incident, now);
        next.set(incident.id, { item, key });
        list.append(item);
      }
      items = next;
      const current = el.querySelector('ol.timeline');
      if (current) current.replaceChildren(...list.children);
      else el.replaceChildren(list);
    },
  };
}
