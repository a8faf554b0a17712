/**
 * `crosscheck agents add|list|revoke`: enrol probe agents on a running hub. `add` prints
 * the one-line join command with the fresh token (shown this once: the hub keeps only its
 * hash).
 */
import { noPositionals, onePositional, parseFlags } from './flags.ts';
import { type CliIo, EXIT_OK } from './io.ts';
import { REMOTE_OPTIONS, REMOTE_USAGE, remoteClient } from './remote.ts';
import { runSubcommands, type Subcommand } from './subcommands.ts';

interface AgentView {
  name: string;
  status: 'waiting' | 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  version: string | null;
  keyId: string | null;
}

const USAGE = {
  add: `crosscheck agents add <name> [--json] [options]
  Enrols a probe agent named <name> (a location name: lower-case letters, digits,
  dashes) and prints the command to run on the agent's machine, with its token. The
  token is shown this once; the hub keeps only its SHA-256. List the agent's name in a
  monitor's regions to have it checked from there.
`,
  list: `crosscheck agents list [--json] [options]
  Every agent: status (waiting for its first connection, active, revoked), last seen,
  version and the id of the key that signs its results.
`,
  revoke: `crosscheck agents revoke <name> [options]
  Revokes the agent: its token is refused from now on (an agent.revoked ledger entry).
  Its key stays published, so that results it signed before stay verifiable.
`,
};

export const AGENTS_USAGE = `${USAGE.add}
${USAGE.list}
${USAGE.revoke}
Options of every agents command:
${REMOTE_USAGE}  Exit 0: done. 1: the API refused or could not be reached. 2: usage error.
`;

export function agentsCommand(argv: string[], io: CliIo): Promise<number> {
  const sub = (run: Subcommand, usage: string) => ({ run, usage: `${usage}\n${REMOTE_USAGE}` });
  return runSubcommands(
    { command: 'agents', usage: AGENTS_USAGE, subcommands: { add: sub(add, USAGE.add), list: sub(list, USAGE.list), revoke: sub(revoke, USAGE.revoke) } },
    argv,
    io,
  );
}

async function add(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...REMOTE_OPTIONS, json: { type: 'boolean' } });
  const name = onePositional(positionals, '<name>');
  const enrolled: { agent: AgentView; token: string; join: string } = await (await remoteClient(values, io)).request('POST', 'v1/agents', { name });
  if (values.json) {
    io.stdout.write(`${JSON.stringify(enrolled, null, 2)}\n`);
    return EXIT_OK;
  }
  io.stdout.write(`enrolled agent ${enrolled.agent.name}; run this on the agent's machine (the token is shown only now):\n\n`);
  io.stdout.write(`  ${enrolled.join}\n\n`);
  io.stdout.write(`then list '${enrolled.agent.name}' in a monitor's regions (crosscheck monitors add <url> --region ${enrolled.agent.name} ...)\n`);
  return EXIT_OK;
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...REMOTE_OPTIONS, json: { type: 'boolean' } });
  noPositionals(positionals);
  const { items }: { items: AgentView[] } = await (await remoteClient(values, io)).request('GET', 'v1/agents');
  if (values.json) {
    io.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
    return EXIT_OK;
  }
  if (items.length === 0) {
    io.stdout.write('no agents yet: crosscheck agents add <name>\n');
    return EXIT_OK;
  }
  const rows = [['NAME', 'STATUS', 'LAST SEEN', 'VERSION', 'KEY'], ...items.map((a) => [a.name, a.status.toUpperCase(), a.lastSeenAt ?? 'never', a.version ?? '-', a.keyId ?? '-'])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) io.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
  return EXIT_OK;
}

async function revoke(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, REMOTE_OPTIONS);
  const name = onePositional(positionals, '<name>');
  const agent: AgentView = await (await remoteClient(values, io)).request('DELETE', `v1/agents/${encodeURIComponent(name)}`);
  io.stdout.write(`revoked agent ${agent.name} at ${agent.revokedAt}: its token is refused from now on\n`);
  return EXIT_OK;
}
