/** Subcommand dispatch for the `crosscheck` command. */
import { agentCommand } from './agent.ts';
import { agentsCommand } from './agents.ts';
import { backupCommand } from './backup.ts';
import { checkCommand, CHECK_USAGE } from './check.ts';
import { type CliIo, EXIT_USAGE } from './io.ts';
import { importCommand } from './import.ts';
import { incidentsCommand } from './incidents.ts';
import { ledgerCommand } from './ledger.ts';
import { monitorsCommand } from './monitors.ts';
import { restoreCommand } from './restore.ts';
import { witnessCommand } from './witness.ts';
import { PROBE_VERSION } from '../engine/index.ts';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  check: checkCommand,
  ledger: ledgerCommand,
  import: importCommand,
  incidents: incidentsCommand,
  monitors: monitorsCommand,
  backup: backupCommand,
  restore: restoreCommand,
  witness: witnessCommand,
  agents: agentsCommand,
  agent: agentCommand,
};

const USAGE = `Usage: crosscheck <command> [options]

Commands:
  check <url>                 run one check now and print what happened
  monitors list|show|add|delete  manage the monitors of a running CrossCheck; show says why one is down
  incidents list|show         the incidents of a running CrossCheck, with what each region saw
  import <file.yaml>          create or update the monitors of a Gatus-shaped YAML file through the API
  ledger verify <src>         verify a ledger export (or a live API) offline against a JWKS
  ledger export [<api>]       download the whole ledger as one JSON file
  ledger proof|watch          prove an incident against the log's checkpoint; watch the log for forks
  witness serve               a minimal C2SP tlog-witness that cosigns a log's checkpoints
  agents add|list|revoke      enrol probe agents on a running hub; add prints the join command
  agent --hub <url> ...       run a probe agent on this machine (outbound only, signs its results)
  backup <file>               a consistent backup of a local data folder, also while it runs
  restore <file>              a backup back into a new local data folder

${CHECK_USAGE}
Run 'crosscheck <command> --help' (or 'crosscheck help <command>') for a command's options.
Durations are written as Gatus writes them (30s, 1m, 1h30m, 500ms) or as plain seconds.
Exit codes: 0 done (a check passed), 1 failed (a check failed, the API refused), 2 usage error.
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined && COMMANDS[rest[0]]) return COMMANDS[rest[0]]!([...rest.slice(1), '--help'], io);
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
