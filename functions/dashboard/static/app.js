/**
 * The dashboard's entry point: loads GET /v1/status, keeps one view per monitor,
 * fills in each monitor's details, and refreshes every 15 s while the tab is visible.
 */
import { api } from './api.js';
import { wireCopyButton } from './copy.js';
import { clock } from './format.js';
import { createIncidentChecker } from './incident-check.js';
import { checkLog } from './log-check.js';
import { createMonitorView } from './monitor-view.js';
import { summarize } from './overall.js';

const REFRESH_MS = 15_000;
/** At most this many detail requests at once. */
const PARALLEL = 4;
/** Below this many monitors, all start expanded; otherwise only those with an open incident. */
const EXPAND_ALL_UP_TO = 3;

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const list = $('monitor-list');
const empty = $('empty');
const notice = $('notice');
const updated = $('updated');
const overall = $('overall');
const refreshButton = /** @type {HTMLButtonElement} */ ($('refresh-now'));

const checker = createIncidentChecker();
/** @type {Map<string, ReturnType<typeof createMonitorView>>} */
const views = new Map();
/** @type {Map<string, boolean>} the reader's own choices, which outlive refreshes */
const expandedByChoice = new Map();
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;
let lastRefresh = 0;
let running = false;

/** @param {import('./monitor-view.js').MonitorSummary[]} monitors */
function syncViews(monitors) {
  const ids = new Set(monitors.map((m) => m.id));
  for (const [id, view] of views) {
    if (!ids.has(id)) {
      view.el.remove();
      views.delete(id);
    }
  }
  monitors.forEach((monitor, index) => {
    let view = views.get(monitor.id);
    if (view) view.update(monitor);
    else {
      const expanded = expandedByChoice.get(monitor.id) ?? (monitors.length <= EXPAND_ALL_UP_TO || monitor.openIncident !== null);
      view = createMonitorView(monitor, { checker, expanded, onToggle: (id, open) => expandedByChoice.set(id, open) });
      views.set(monitor.id, view);
    }
    if (list.children[index] !== view.el) list.insertBefore(view.el, list.children[index] ?? null);
  });
}

/** @param {string[]} ids */
async function loadDetails(ids) {
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        const details = await api.monitorStatus(id);
        views.get(id)?.updateDetails(details);
      } catch (error) {
        views.get(id)?.detailsFailed(/** @type {Error} */ (error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
}

async function refresh() {
  if (running) return;
  running = true;
  clearTimeout(timer);
  refreshButton.disabled = true;
  try {
    const status = await api.status();
    const monitors = Array.isArray(status?.monitors) ? status.monitors : [];
    syncViews(monitors);
    empty.hidden = monitors.length > 0;
    list.hidden = monitors.length === 0;
    overall.textContent = summarize(monitors);
    overall.dataset.overall = monitors.some((m) => m.state === 'DOWN') ? 'down' : 'ok';
    await loadDetails(monitors.map((m) => m.id));
    notice.textContent = '';
    lastRefresh = Date.now();
    updated.textContent = `Updated ${clock(new Date(lastRefresh))}`;
  } catch (error) {
    const since = lastRefresh ? ` The figures below are from ${clock(new Date(lastRefresh))}.` : '';
    notice.textContent = `Sorry, the status could not be ${lastRefresh ? 'refreshed' : 'loaded'}: ${/** @type {Error} */ (error).message}.${since} Trying again in ${REFRESH_MS / 1000} s.`;
    if (!lastRefresh) overall.textContent = 'Status unavailable';
  } finally {
    running = false;
    refreshButton.disabled = false;
    schedule(REFRESH_MS);
  }
}

/** @param {number} delay */
function schedule(delay) {
  clearTimeout(timer);
  if (document.visibilityState === 'visible') timer = setTimeout(refresh, delay);
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible') clearTimeout(timer);
  else schedule(Math.max(0, lastRefresh + REFRESH_MS - Date.now()));
});
refreshButton.addEventListener('click', () => void refresh());

$('first-monitor-origin').textContent = new URL('v1/monitors', document.baseURI).href;
wireCopyButton(/** @type {HTMLButtonElement} */ ($('copy-command')), $('first-monitor-command'), $('copy-result'));

void refresh();

// Every visit: the log's checkpoint, proven to extend the one this browser saw last time.
void checkLog().then((outcome) => {
  const warning = $('log-warning');
  if (outcome.status !== 'rewritten') {
    warning.hidden = true;
    warning.dataset.log = outcome.status;
    return;
  }
  warning.dataset.log = 'rewritten';
  warning.textContent = `WARNING: this log was rewritten. Its current checkpoint does not extend the one this browser verified before (${outcome.reason}). Incidents shown here may have been altered or removed since.`;
  warning.hidden = false;
});
