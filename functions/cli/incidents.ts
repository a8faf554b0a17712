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
  update: `crosscheck incidents update <id> --status investigating|identified|monitoring|resolved -m <text> [--json] [options]
  Tell customers where an incident stands: a signed incident.updated ledger entry,
  shown on every status page of its monitors and in their Atom feeds (needs the token).
  It changes no monitor state; \`resolved\` closes only an incident declared by hand.
  -s, --status <s>         investigating, identified, monitoring or resolved
  -m, --message <text>     what to tell them (up to 2000 characters)
`,
};

export const INCIDENTS_USAGE = `${USAGE.list}
${USAGE.show}
${USAGE.update}
Options of every incidents command (list and show read public routes: a token is sent only if there is one):
${REMOTE_USAGE}  Exit 0: done. 1: the API refused or could not be reached, or --verify found a broken check. 2: usage error.
`;

export function incidentsCommand(argv: string[], io: CliIo): Promise<number> {
  const sub = (run: Subcommand, usage: string) => ({ run, usage: `${usage}\n${REMOTE_USAGE}` });
  return runSubcommands({ command: 'incidents', usage: INCIDENTS_USAGE, subcommands: { list: sub(list, USAGE.list), show: sub(show, USAGE.show), update: sub(update, USAGE.update) } }, argv, io);
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

const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];

async function update(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...REMOTE_OPTIONS, status: { type: 'string', short: 's' }, message: { type: 'string', short: 'm' }, json: { type: 'boolean' } });
  const id = onePositional(positionals, '<id>');
  if (values.status === undefined || !UPDATE_STATUSES.includes(values.status)) {
    throw new UsageError(`--status ${values.status === undefined ? 'is required' : `'${values.status}'`}: expected ${UPDATE_STATUSES.join(', ')}`);
  }
  if (values.message === undefined || values.message.trim() === '') throw new UsageError('-m/--message is required: what to tell customers');
  const client = await remoteClient(values, io);
  const posted = await client.request<{ n: number; status: string; at: string; seq: number }>('POST', `v1/incidents/${encodeURIComponent(id)}/updates`, {
    status: values.status,
    message: values.message,
  });
  io.stdout.write(values.json ? `${JSON.stringify(posted, null, 2)}\n` : `update ${posted.n} of ${id}: ${posted.status} at ${posted.at} (ledger entry #${posted.seq}, signed)\n`);
  return EXIT_OK;
}
