/** Small helpers for the CLI's human output: tables, times, and text from the API kept printable. */
import { formatTableDuration } from '../core/duration.ts';

/** Names and errors come from the API or a ledger; keep terminal control characters out of the output. */
export const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

/** Columns padded to their widest cell; the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  ').trimEnd()).join('\n');
}

/** `12m 5s ago`, or `just now`; `-` for no time. */
export function ago(iso: string | null, now: number): string {
  if (iso === null) return '-';
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return '-';
  return ms < 1000 ? 'just now' : `${formatTableDuration(ms)} ago`;
}

/** `2026-11-21 12:30:05Z`: an RFC 3339 time, shorter, still UTC. */
export function shortTime(iso: string | null): string {
  if (iso === null) return '-';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** `100ms`, `10s`, `1m`, `1h30m`: a duration as Go (and Gatus) write it. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000 || ms % 1000 !== 0) return `${ms}ms`;
  const seconds = ms / 1000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

/** `30s`, `1m`, `1h30m`: an interval in seconds as it was written. */
export const formatSeconds = (seconds: number): string => formatDurationMs(seconds * 1000);
