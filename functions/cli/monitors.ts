/**
 * `crosscheck monitors list|add|delete`: manage monitors of a running API from the
 * shell. `add` takes the same flags as `check`, so a check that works on the command
 * line becomes a monitor by changing one word.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { ValidationError } from '../core/errors.ts';
import type { Monitor } from '../core/monitor.ts';
import { ApiError } from './api-client.ts';
import { parseCheckArgs } from './check.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';
import { listAllMonitors, REMOTE_OPTIONS, REMOTE_USAGE, remoteClient } from './remote.ts';

export const MONITORS_USAGE = `crosscheck monitors list [options]
crosscheck monitors add <url> [--name <name>] [--interval <s>] [check flags: -c, -X, -H, -d, --timeout, --no-follow, --insecure] [options]
crosscheck monitors delete <id> [options]
${REMOTE_USAGE}`;

type MonitorWithState = Monitor & { state?: string };

export async function monitorsCommand(argv: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    if (verb === 'list') return await list(rest, io);
    if (verb === 'add') return await add(rest, io);
    if (verb === 'delete') return await remove(rest, io);
    if (verb === '--help' || verb === '-h') {
      io.stdout.write(MONITORS_USAGE);
      return EXIT_OK;
    }
    throw new UsageError(verb ? `unknown subcommand '${verb}'` : 'missing subcommand');
  } catch (error) {
    if (error instanceof UsageError || error instanceof ValidationError) {
      io.stderr.write(`${error.message}\n${error instanceof UsageError ? `\n${MONITORS_USAGE}` : ''}`);
      return EXIT_USAGE;
    }
    if (error instanceof ApiError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}

function flags<const O extends ParseArgsOptionsConfig>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = flags(argv, { ...REMOTE_OPTIONS, json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const monitors = await listAllMonitors<MonitorWithState>(await remoteClient(values, io));
  if (values.json) io.stdout.write(`${JSON.stringify(monitors, null, 2)}\n`);
  else for (const m of monitors) io.stdout.write(`${m.id}  ${(m.state ?? '?').padEnd(9)} ${String(m.intervalSeconds).padStart(4)}s  ${m.name}  ${m.url}\n`);
  return EXIT_OK;
}

async function add(argv: string[], io: CliIo): Promise<number> {
  // Our own flags first; everything else is a `check` flag.
  const own = { ...REMOTE_OPTIONS, name: { type: 'string' }, interval: { type: 'string' } } as const;
  const mine: string[] = [];
  const theirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : '';
    if (name in own) {
      mine.push(arg);
      if (!arg.includes('=') && i + 1 < argv.length) mine.push(argv[++i]!);
    } else theirs.push(arg);
  }
  const { values } = flags(mine, own);
  const parsed = parseCheckArgs(theirs);
  if (parsed === 'help') {
    io.stdout.write(MONITORS_USAGE);
    return EXIT_OK;
  }
  const interval = values.interval === undefined ? undefined : Number(values.interval);
  if (values.interval !== undefined && !/^\d+$/.test(values.interval)) throw new UsageError(`--interval '${values.interval}': expected whole seconds, 10 to 3600`);
  const body = { ...parsed.definition, name: values.name ?? parsed.definition.url, ...(interval === undefined ? {} : { intervalSeconds: interval }) };
  const created: MonitorWithState = await (await remoteClient(values, io)).request('POST', 'v1/monitors', body);
  io.stdout.write(`created ${created.id}  ${created.name}  every ${created.intervalSeconds}s from ${created.regions.length > 0 ? created.regions.join(', ') : 'every region'}\n`);
  return EXIT_OK;
}

async function remove(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = flags(argv, REMOTE_OPTIONS);
  if (positionals.length !== 1) throw new UsageError('expected one <id>');
  await (await remoteClient(values, io)).request('DELETE', `v1/monitors/${encodeURIComponent(positionals[0]!)}`);
  io.stdout.write(`deleted ${positionals[0]} (its ledger entries stay)\n`);
  return EXIT_OK;
}
