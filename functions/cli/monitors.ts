/**
 * `crosscheck monitors list|show|add|delete`: manage the monitors of a running API from
 * the shell, and see why one is down. `add` takes the same flags as `check`, so a check
 * that works on the command line becomes a monitor by changing one word.
 */
import { CommonMonitorFieldSchemas } from '../core/monitor.ts';
import type { ApiClient } from './api-client.ts';
import { CHECK_FLAGS_USAGE, CHECK_OPTIONS, definitionFromFlags, warningsOf } from './check.ts';
import { durationFlag, noPositionals, onePositional, parseFlags } from './flags.ts';
import { runSubcommands, type Subcommand } from './subcommands.ts';
import { formatMonitorDetail, formatMonitorList, monitorReason, type MonitorDetail } from './format-monitor.ts';
import { type CliIo, EXIT_OK } from './io.ts';
import { findMonitor, listAllMonitors, REMOTE_OPTIONS, REMOTE_USAGE, remoteClient } from './remote.ts';
import { formatSeconds } from './text.ts';
import type { IncidentView, MonitorView, Page, StoredResultView } from './views.ts';

const USAGE = {
  list: `crosscheck monitors list [--tag <tag>] [--json] [options]
  Every monitor with its state, since when, and why: the failed condition with its
  observed value or the error of its open incident. Paused monitors show as PAUSED.
`,
  show: `crosscheck monitors show <id|name> [--json] [options]
  One monitor: its state and since when, the open incident and why (the failed
  condition with the observed value, or the error), and the latest check from each region.
`,
  add: `crosscheck monitors add <url> [--name <name>] [--interval <duration>] [--region <r>]... [--tag <t>]... [check flags] [options]
      --name <name>        unique; default the URL
      --interval <duration>  how often: 30s, 1m, 1h30m, or seconds
                           (default 1m; 10s to 1h)
      --region <name>      check from this region only, repeatable (default every region)
      --tag <tag>          repeatable
${CHECK_FLAGS_USAGE}`,
  delete: `crosscheck monitors delete <id|name> [options]
  Deletes the monitor; its ledger entries stay.
`,
};

export const MONITORS_USAGE = `${USAGE.list}
${USAGE.show}
${USAGE.add}
${USAGE.delete}
Options of every monitors command:
${REMOTE_USAGE}  Exit 0: done. 1: the API refused or could not be reached (its message says why). 2: usage error.
`;

export function monitorsCommand(argv: string[], io: CliIo): Promise<number> {
  const sub = (run: Subcommand, usage: string) => ({ run, usage: `${usage}\n${REMOTE_USAGE}` });
  return runSubcommands(
    {
      command: 'monitors',
      usage: MONITORS_USAGE,
      subcommands: { list: sub(list, USAGE.list), show: sub(show, USAGE.show), add: sub(add, USAGE.add), delete: sub(remove, USAGE.delete) },
    },
    argv,
    io,
  );
}

const now = (io: CliIo): number => (io.now ?? Date.now)();

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...REMOTE_OPTIONS, tag: { type: 'string' }, json: { type: 'boolean' } });
  noPositionals(positionals);
  const client = await remoteClient(values, io);
  const monitors = await listAllMonitors<MonitorView>(client, values.tag);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(monitors, null, 2)}\n`);
    return EXIT_OK;
  }
  const open = monitors.some((m) => m.state === 'DOWN') ? await openIncidents(client) : new Map<string, IncidentView>();
  const rows = await Promise.all(
    monitors.map(async (monitor) => {
      const failure = monitor.state === 'VERIFYING' ? (await latestResults(client, monitor.id)).find((r) => !r.success) : undefined;
      return { monitor, reason: monitorReason(monitor, open.get(monitor.id), failure) };
    }),
  );
  io.stdout.write(formatMonitorList(rows, now(io)));
  return EXIT_OK;
}

async function show(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...REMOTE_OPTIONS, json: { type: 'boolean' } });
  const idOrName = onePositional(positionals, '<id|name>');
  const client = await remoteClient(values, io);
  const monitor = await findMonitor<MonitorView>(client, idOrName);
  const [incidents, latest] = await Promise.all([
    client.request<Page<IncidentView>>('GET', `v1/incidents?${new URLSearchParams({ monitorId: monitor.id, status: 'open', limit: '1' })}`),
    latestResults(client, monitor.id),
  ]);
  const detail: MonitorDetail = { monitor, incident: incidents.items[0] ?? null, latest };
  io.stdout.write(values.json ? `${JSON.stringify(detail, null, 2)}\n` : formatMonitorDetail(detail, now(io)));
  return EXIT_OK;
}

const INTERVAL = CommonMonitorFieldSchemas.intervalSeconds.unwrap();

async function add(argv: string[], io: CliIo): Promise<number> {
  const options = {
    ...REMOTE_OPTIONS,
    ...CHECK_OPTIONS,
    name: { type: 'string' },
    interval: { type: 'string' },
    region: { type: 'string', multiple: true },
    tag: { type: 'string', multiple: true },
  } as const;
  const { values, positionals } = parseFlags(argv, options);
  const url = onePositional(positionals, '<url>');
  const intervalMs =
    values.interval === undefined
      ? undefined
      : durationFlag('--interval', values.interval, { min: (INTERVAL.minValue ?? 0) * 1000, max: (INTERVAL.maxValue ?? 0) * 1000, wholeSeconds: true });
  const definition = definitionFromFlags(url, values, {
    name: values.name ?? url,
    ...(intervalMs === undefined ? {} : { intervalSeconds: intervalMs / 1000 }),
    ...(values.region ? { regions: values.region } : {}),
    ...(values.tag ? { tags: values.tag } : {}),
  });
  for (const warning of warningsOf(definition)) io.stderr.write(`warning: ${warning}\n`);
  const created: MonitorView = await (await remoteClient(values, io)).request('POST', 'v1/monitors', definition);
  const where = created.regions.length > 0 ? created.regions.join(', ') : 'every region';
  io.stdout.write(`created ${created.id}  ${created.name}  every ${formatSeconds(created.intervalSeconds)} from ${where}\n`);
  io.stdout.write(`  see it with: crosscheck monitors show ${created.id}\n`);
  return EXIT_OK;
}

async function remove(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, REMOTE_OPTIONS);
  const idOrName = onePositional(positionals, '<id|name>');
  const client = await remoteClient(values, io);
  const monitor = await findMonitor<MonitorView>(client, idOrName);
  await client.request('DELETE', `v1/monitors/${encodeURIComponent(monitor.id)}`);
  io.stdout.write(`deleted ${monitor.id}  ${monitor.name} (its ledger entries stay)\n`);
  return EXIT_OK;
}

/** Open incidents by monitor id. */
async function openIncidents(client: ApiClient): Promise<Map<string, IncidentView>> {
  const open = new Map<string, IncidentView>();
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ status: 'open', limit: '100', ...(cursor ? { cursor } : {}) });
    const page: Page<IncidentView> = await client.request('GET', `v1/incidents?${query}`);
    for (const incident of page.items) if (!open.has(incident.monitorId)) open.set(incident.monitorId, incident);
    cursor = page.nextCursor;
  } while (cursor);
  return open;
}

/** The newest result of each region, from the newest results of the monitor. */
async function latestResults(client: ApiClient, monitorId: string): Promise<StoredResultView[]> {
  const page = await client.request<Page<StoredResultView>>('GET', `v1/monitors/${encodeURIComponent(monitorId)}/checks?limit=50`);
  const latest = new Map<string, StoredResultView>();
  for (const result of page.items) if (!latest.has(result.region)) latest.set(result.region, result);
  return [...latest.values()];
}
