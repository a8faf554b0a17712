/** Subcommand dispatch for the `crosscheck` command. */
import { backupCommand } from './backup.ts';
import { checkCommand, CHECK_USAGE } from './check.ts';
import { type CliIo, EXIT_USAGE } from './io.ts';
import { importCommand } from './import.ts';
import { ledgerCommand } from './ledger.ts';
import { monitorsCommand } from './monitors.ts';
import { restoreCommand } from './restore.ts';
import { PROBE_VERSION } from '../engine/index.ts';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  check: checkCommand,
  ledger: ledgerCommand,
  import: importCommand,
  monitors: monitorsCommand,
  backup: backupCommand,
  restore: restoreCommand,
};

const USAGE = `Usage: crosscheck <command> [options]

Commands:
  check <url>            run one check now and print what happened
  ledger verify <src>    verify a ledger export (or a live API) offline against a JWKS
  ledger export <api>    download the whole ledger as one JSON file
  import <file.yaml>     create or update the monitors of a Gatus-shaped YAML file through the API
  monitors list|add|delete  manage the monitors of a running CrossCheck
  backup <file>          a consistent backup of a local data folder, also while it runs
  restore <file>         a backup back into a new local data folder

${CHECK_USAGE}
Run 'crosscheck <command> --help' for a command's options.
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`crosscheck ${PROBE_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`crosscheck: unknown command '${name}'\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  return command(rest, io);
}
