/** Text for numbers, times and codes the dashboard shows. Pure functions, no DOM. */

/** @type {Record<string, string>} */
const STATE_LABELS = { PENDING: 'Pending', UP: 'Up', VERIFYING: 'Verifying', DOWN: 'Down' };

/** @type {Record<string, string>} */
const CAUSE_LABELS = {
  dns: 'DNS lookup failed',
  connect: 'Connection failed',
  tls: 'TLS handshake or certificate failed',
  timeout: 'Timed out',
  http: 'Broken HTTP response',
  condition: 'A condition failed',
  body: 'Response body too large',
  blocked: 'Address blocked by the SSRF guard',
  protocol: 'The server broke its protocol (DNS, STARTTLS)',
};

/** @param {string} state */
export function stateLabel(state) {
  return STATE_LABELS[state] ?? String(state);
}

/** @param {string | null | undefined} cause */
export function causeLabel(cause) {
  if (!cause) return 'Unknown cause';
  return CAUSE_LABELS[cause] ?? cause;
}

/**
 * A ratio (0..1) as a percentage, rounded DOWN so that 99.996 % never reads 100.00 %.
 * @param {unknown} ratio anything but a finite number (null, a field the API did not send) reads —
 * @param {number} [digits]
 */
export function percent(ratio, digits = 2) {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio)) return '—';
  const factor = 10 ** digits;
  const floored = Math.floor(ratio * 100 * factor + 1e-6) / factor;
  return `${floored.toFixed(digits)}%`;
}

/** @param {number | null | undefined} ms */
export function millis(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))} s`;
}

/**
 * A span of time, two units at most: `2 d 3 h`, `4 min 10 s`.
 * @param {number} ms
 */
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  const units = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ];
  const parts = [];
  let rest = s;
  for (const [name, size] of /** @type {[string, number][]} */ (units)) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n} ${name}`);
    if (parts.length === 2) break;
  }
  if (parts.length === 2 && parts[1]?.startsWith('0 ')) parts.pop();
  return parts.length ? parts.join(' ') : '0 s';
}

/** @param {number} n */
const two = (n) => String(n).padStart(2, '0');

/**
 * Local wall-clock time `hh:mm:ss`, 24-hour, the same width every time.
 * @param {Date} date
 */
export function clock(date) {
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/**
 * An RFC 3339 instant as local `YYYY-MM-DD hh:mm`; the input itself when it is not a date.
 * @param {string} iso
 */
export function dateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * Local `hh:mm` of an RFC 3339 instant (chart axes).
 * @param {string | number} iso
 */
export function hourMinute(iso) {
  const d = new Date(iso);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** @param {number} n */
export function count(n) {
  return typeof n === 'number' && Number.isFinite(n) ? n.toLocaleString('en') : '—';
}
