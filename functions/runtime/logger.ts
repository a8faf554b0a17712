/** The local runtime's logger: one JSON line per event on stderr, info and up. */
export interface RuntimeLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export function jsonLogger(write: (line: string) => void = (line) => process.stderr.write(line)): RuntimeLogger {
  const log = (level: string) => (message: string, fields: Readonly<Record<string, unknown>> = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
