/**
 * Flags the same way in every command: `--help`/`-h` everywhere, Node's parser with
 * its messages made readable (no `as in '-- "--x"` advice, a "did you mean" for a
 * near miss), and one duration syntax: Go's (`30s`, `1m`, `1h30m`, `500ms`, as Gatus
 * writes intervals) or a plain number of seconds.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { closestName } from '../core/conditions/index.ts';
import { parseGoDurationMs } from '../core/duration.ts';
import { UsageError } from './io.ts';
import { formatDurationMs } from './text.ts';

export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** Whether argv asks for help anywhere before a `--`: `-h`, `--help`, or `help` as the first word. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const words = end < 0 ? argv : argv.slice(0, end);
  return words[0] === 'help' || words.some((arg) => arg === '--help' || arg === '-h');
}

/** `parseArgs` with `--help`, positionals allowed, and its errors as UsageErrors people can act on. */
export function parseFlags<const O extends ParseArgsOptionsConfig>(argv: string[], options: O) {
  const all = { ...options, ...HELP_OPTION };
  try {
    return parseArgs({ args: argv, options: all, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(readableParseError((error as Error).message, Object.keys(all)));
  }
}

/**
 * Node's `Unknown option '--x'. To specify a positional argument starting with a '-',
 * place it at the end of the command after '--', as in '-- "--x"` (sic) becomes
 * `Unknown option '--x'`, with the closest known option when there is one.
 */
export function readableParseError(message: string, known: readonly string[]): string {
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message);
  if (unknown) {
    const close = unknown[1] === '--' ? closestName(unknown[2] ?? '', known) : null;
    return `Unknown option '${unknown[1]}${unknown[2]}'${close ? `; did you mean --${close}?` : ''}`;
  }
  const missing = /^Option '([^']*?)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  return message.replace(/\. To specify a positional argument.*$/s, '');
}

export interface DurationLimits {
  /** Milliseconds. */
  readonly min: number;
  readonly max: number;
  /** Whole seconds only (an interval). */
  readonly wholeSeconds?: boolean;
}

/**
 * A duration flag in milliseconds: `30s`, `1m`, `1h30m`, `500ms`, or a plain number
 * of seconds. The message names the flag, what is allowed and, for a plain number out
 * of range, that it was read as seconds.
 */
export function durationFlag(flag: string, text: string, limits: DurationLimits): number {
  const plain = /^\s*\d+\s*$/.test(text);
  const ms = parseGoDurationMs(plain ? `${text.trim()}s` : text);
  const allowed = `from ${formatDurationMs(limits.min)} to ${formatDurationMs(limits.max)}`;
  if (ms === null) throw new UsageError(`${flag} '${text}': expected a duration such as 30s, 1m or 1h30m, or whole seconds (${allowed})`);
  if (limits.wholeSeconds && ms % 1000 !== 0) throw new UsageError(`${flag} '${text}': must be whole seconds (${allowed})`);
  if (ms < limits.min || ms > limits.max) {
    const unit = plain ? `; a plain number is seconds${ms > limits.max && limits.min < 1000 ? `, write ${text.trim()}ms for milliseconds` : ''}` : '';
    throw new UsageError(`${flag} '${text}': too ${ms < limits.min ? 'short' : 'long'}, ${allowed}${unit}`);
  }
  return ms;
}

/** Exactly one positional argument, named in the message when missing or doubled. */
export function onePositional(positionals: readonly string[], name: string): string {
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? `missing ${name}` : `expected one ${name}, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  return positionals[0]!;
}

/** What follows a usage error: where the options are, rather than all of them at once. */
export function seeHelp(command: string): string {
  return `run 'crosscheck ${command} --help' for its options\n`;
}

export function noPositionals(positionals: readonly string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
}
