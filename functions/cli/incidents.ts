/**
 * `crosscheck incidents list|show`: the incidents of a running CrossCheck, from its
 * public routes (`/v1/incidents`), so no token is needed; one is sent when there is one.
 */
import { noPositionals, onePositional, parseFlags } from './flags.ts';
import { runSubcommands, type Subcommand } from './subcommands.ts';
import { formatIncident, formatIncidentList, type IncidentCheck } from './format-incident.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, UsageError } from './io.ts';
import { findMonitor, REMOTE_OPTIONS, REMOTE_USAGE, remoteClient } from './remote.ts';
import type { IncidentView, Page } from './views.ts';

const USAGE = {
  list: `crosscheck incidents list [--monitor <id|name>] [--status open|resolved] [--limit <n>] [--json] [options]
  Incidents, newest first (default the last 20): monitor, status, when, how long, cause and why.
`,
  show: `crosscheck incidents show <id> [--verify] [--json] [options]
  One incident: what each region saw (status, error, failed conditions with their
  observed values, timings), and its signed ledger entries.
      --verify             also have the API check the entries' signatures, chain
                           links and evidence (GET /v1/incidents/{id}/verify)
`,
};

export const INCIDENTS_USAGE = `${USAGE.list}
${USAGE.show}
Options of every incidents command (the routes are public: a token is sent only if there is one):
${REMOTE_USAGE}  Exit 0: done. 1: the API refused or could not be reached, or --verify found a broken check. 2: usage error.
`;

export function incidentsCommand(argv: string[], io: CliIo): Promise<number> {
  const sub = (run: Subcommand, usage: string) => ({ run, usage: `${usage}\n${REMOTE_USAGE}` });
  return runSubcommands({ command: 'incidents', usage: INCIDENTS_USAGE, subcommands: { list: sub(list, USAGE.list), show: sub(show, USAGE.show) } }, argv, io);
}

const now = (io: CliIo): number => (io.now ?? Date.now)();

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...REMOTE_OPTIONS, monitor: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
  noPositionals(positionals);
  if (values.status !== undefined && values.status !== 'open' && values.status !== 'resolved') throw new UsageError(`--status '${values.status}': expected open or resolved`);
  if (values.limit !== undefined && !/^[1-9]\d*$/.test(values.limit)) throw new UsageError(`--limit '${values.limit}': expected a whole number of incidents, such as 50`);
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  const client = await remoteClient(values, io, { publicRoutes: true });
  const monitorId = values.monitor === undefined ? undefined : await monitorIdOf(values, values.monitor, io);
  const incidents: IncidentView[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({
      limit: String(Math.min(100, limit - incidents.length)),
      ...(monitorId ? { monitorId } : {}),
      ...(values.status ? { status: values.status } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const page: Page<IncidentView> = await client.request('GET', `v1/incidents?${query}`);
    incidents.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && incidents.length < limit);
  io.stdout.write(values.json ? `${JSON.stringify(incidents, null, 2)}\n` : formatIncidentList(incidents, now(io)));
  return EXIT_OK;
}

/**
 * A monitor named by id or name. Names are looked up in the monitors list, which needs
 * the admin token; without one the text is taken as an id.
 */
async function monitorIdOf(values: Parameters<typeof remoteClient>[0], idOrName: string, io: CliIo): Promise<string> {
  let client;
  try {
    client = await remoteClient(values, io);
  } catch (error) {
    if (error instanceof UsageError) return idOrName;
    throw error;
  }
  return (await findMonitor<{ id: string; name: string }>(client, idOrName)).id;
}

async function show(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...REMOTE_OPTIONS, verify: { type: 'boolean' }, json: { type: 'boolean' } });
  const id = onePositional(positionals, '<id>');
  const client = await remoteClient(values, io, { publicRoutes: true });
  const incident = await client.request<IncidentView>('GET', `v1/incidents/${encodeURIComponent(id)}`);
  const checks = values.verify ? await client.request<{ valid: boolean; checks: IncidentCheck[] }>('GET', `v1/incidents/${encodeURIComponent(id)}/verify`) : undefined;
  io.stdout.write(values.json ? `${JSON.stringify(checks ? { ...incident, checks } : incident, null, 2)}\n` : formatIncident(incident, now(io), checks));
  return checks && !checks.valid ? EXIT_FAILED : EXIT_OK;
}
