/** Bounding text that goes into a signed payload, measured the way it will be signed. */

const ELLIPSIS = '…';

/** Bytes `text` takes as a JSON string literal in UTF-8 (quotes and escapes included). */
export function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8');
}

/**
 * `text` unchanged when its JSON form fits in `maxBytes`; otherwise its longest prefix
 * (whole code points) that fits together with a trailing `…`.
 */
export function clipToJsonBytes(text: string, maxBytes: number): string {
  if (jsonBytes(text) <= maxBytes) return text;
  const points = Array.from(text);
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(points.slice(0, mid).join('') + ELLIPSIS) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return points.slice(0, low).join('') + ELLIPSIS;
}
