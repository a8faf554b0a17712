/** One sentence for the page header: how the monitors are doing as a whole. */

/** @param {{state: string}[]} monitors */
export function summarize(monitors) {
  if (monitors.length === 0) return 'No monitors yet';
  /** @type {Record<string, number>} */
  const by = {};
  for (const m of monitors) by[m.state] = (by[m.state] ?? 0) + 1;
  const total = monitors.length;
  const noun = total === 1 ? 'monitor' : 'monitors';
  if (by.DOWN) return `${by.DOWN} of ${total} ${noun} down`;
  if (by.VERIFYING) return `${by.VERIFYING} of ${total} ${noun} being verified from a second region`;
  if (by.UP === total) return total === 1 ? 'The monitor is up' : `All ${total} monitors up`;
  return `${by.UP ?? 0} of ${total} ${noun} up, ${by.PENDING ?? 0} waiting for their first checks`;
}
