/**
 * The local runtime's logger, on stderr, info and up: one JSON line per event (for log
 * shippers: `--log-format json`, the default when stderr is not a terminal), or one
 * readable line per event (`--log-format pretty`, the default on a terminal):
 *
 *   17:35:02  DOWN       payments: [STATUS] (503) == 200, confirmed from local-a and local-b
 */
export interface RuntimeLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export type LogFormat = 'pretty' | 'json';

export const LOG_FORMATS: readonly LogFormat[] = ['pretty', 'json'];

type Write = (line: string) => void;

const toStderr: Write = (line) => process.stderr.write(line);

export function jsonLogger(write: Write = toStderr): RuntimeLogger {
  const log = (level: string) => (message: string, fields: Readonly<Record<string, unknown>> = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** A field's value as a reader wants it: text bare, the rest as JSON. */
const shown = (value: unknown): string => (typeof value === 'string' ? (/\s/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value));

/**
 * One readable line per event: time, a level or event word, the message, then the
 * fields as `name=value`. A `line` field, when given, is the whole text of the event
 * (a state change says itself in words; see event-log.ts).
 */
export function prettyLogger(write: Write = toStderr, now: () => Date = () => new Date()): RuntimeLogger {
  const log = (level: string) => (message: string, fields: Readonly<Record<string, unknown>> = {}) => {
    const { event, line, ...rest } = fields as { event?: unknown; line?: unknown } & Record<string, unknown>;
    const time = now().toISOString().slice(11, 19);
    const word = (typeof event === 'string' ? event : level).toUpperCase().padEnd(10);
    const text = typeof line === 'string' ? line : [message, ...Object.entries(rest).map(([k, v]) => `${k}=${shown(v)}`)].join('  ');
    write(`${time}  ${word} ${text}\n`);
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** The logger for a format; `null` picks pretty on a terminal and JSON otherwise. */
export function runtimeLogger(format: LogFormat | null, isTerminal = Boolean(process.stderr.isTTY)): RuntimeLogger {
  return (format ?? (isTerminal ? 'pretty' : 'json')) === 'pretty' ? prettyLogger() : jsonLogger();
}
