/**
 * A command made of subcommands (`monitors list|show|add|delete`, `incidents list|show`):
 * help for the command and for each subcommand, one line and exit 2 for a usage error
 * (with where to find help), the API's refusal as exit 1. Written once for every such command.
 */
import { ValidationError } from '../core/errors.ts';
import { ApiError } from './api-client.ts';
import { seeHelp, wantsHelp } from './flags.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';

export type Subcommand = (argv: string[], io: CliIo) => Promise<number>;

export interface SubcommandSet {
  /** `monitors` */
  readonly command: string;
  /** The whole command's help. */
  readonly usage: string;
  /** Each subcommand with its own help. */
  readonly subcommands: Readonly<Record<string, { readonly run: Subcommand; readonly usage: string }>>;
}

export async function runSubcommands(set: SubcommandSet, argv: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  const names = Object.keys(set.subcommands);
  const known = verb !== undefined && Object.hasOwn(set.subcommands, verb) ? set.subcommands[verb] : undefined;
  try {
    if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
      (verb === undefined ? io.stderr : io.stdout).write(set.usage);
      return verb === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (known === undefined) {
      const expected = `${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names.at(-1)}`;
      throw new UsageError(`unknown subcommand '${set.command} ${verb}' (expected ${expected})`);
    }
    if (wantsHelp(rest)) {
      io.stdout.write(known.usage);
      return EXIT_OK;
    }
    return await known.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ValidationError) {
      io.stderr.write(`crosscheck ${set.command}: ${error.message}\n${error instanceof UsageError ? seeHelp(known ? `${set.command} ${verb}` : set.command) : ''}`);
      return EXIT_USAGE;
    }
    if (error instanceof ApiError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}
