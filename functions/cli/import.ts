/**
 * `crosscheck import <file>`: the monitors of a Gatus-shaped YAML file into a running
 * API, matched by name: new names are created, changed ones replaced, the rest left
 * alone. The whole file is validated first; a file with any error sends nothing.
 */
import { readFile } from 'node:fs/promises';
import { ValidationError } from '../core/errors.ts';
import { parseConfigFile } from '../core/gatus-config.ts';
import { definitionChanges } from '../core/ledger/index.ts';
import type { Monitor, MonitorDefinition } from '../core/monitor.ts';
import { webhookView } from '../core/write-only-secrets.ts';
import { ApiError } from './api-client.ts';
import { onePositional, parseFlags, seeHelp } from './flags.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';
import { listAllMonitors, REMOTE_OPTIONS, REMOTE_USAGE, remoteClient } from './remote.ts';

export const IMPORT_USAGE = `crosscheck import <file.yaml> [--dry-run] [options]
  Creates or updates the monitors of a YAML file (Gatus' endpoints: shape) through the
  API, matched by name (names are unique): new names are created, changed ones
  replaced, identical ones left alone, others kept. The whole file is checked first;
  every error is reported at once and a file with any error sends nothing. Gatus
  settings with no meaning here (storage:, ui:, other alert providers) are warnings.
      --dry-run            show what would change, change nothing
${REMOTE_USAGE}  Exit 0: done. 1: the API refused or could not be reached. 2: usage error or invalid file (nothing sent).
`;

const OPTIONS = { ...REMOTE_OPTIONS, 'dry-run': { type: 'boolean' } } as const;

/** A definition as the API shows it: webhook secrets write-only. */
const asShown = (definition: MonitorDefinition): MonitorDefinition =>
  ({ ...definition, alerts: { ...definition.alerts, webhooks: definition.alerts.webhooks.map(webhookView) } }) as unknown as MonitorDefinition;
const hasSecrets = (definition: MonitorDefinition): boolean => definition.alerts.webhooks.some((w) => w.secret !== undefined);

export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, OPTIONS);
    if (values.help) {
      io.stdout.write(IMPORT_USAGE);
      return EXIT_OK;
    }
    const path = onePositional(positionals, '<file.yaml>');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
    }
    const { monitors, channels, warnings } = parseConfigFile(text);
    for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
    const client = await remoteClient(values, io);
    // Channels first: the monitors refer to them. Their secrets are write-only, so a known one is replaced (the server writes nothing when nothing changed).
    for (const channel of channels) {
      const path = `v1/channels/${encodeURIComponent(channel.name)}`;
      const known = await client.request('GET', path).then(
        () => true,
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return false;
          throw error;
        },
      );
      io.stdout.write(`${(known ? 'replace' : 'create').padEnd(9)} channel ${channel.name}\n`);
      if (!values['dry-run']) await client.request(known ? 'PUT' : 'POST', known ? path : 'v1/channels', channel);
    }
    const existing = new Map((await listAllMonitors<Monitor>(client)).map((m) => [m.name, m]));
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const definition of monitors) {
      const current = existing.get(definition.name);
      const action = !current ? 'create' : definitionChanges(current, asShown(definition)) ? 'update' : 'unchanged';
      io.stdout.write(`${action.padEnd(9)} ${definition.name}\n`);
      if (action === 'unchanged') {
        unchanged++;
        // The API never shows secrets, so a rotated one cannot be seen from here: the
        // server compares it (a PUT that changes nothing writes nothing).
        if (hasSecrets(definition) && !values['dry-run']) await client.request('PUT', `v1/monitors/${encodeURIComponent(current!.id)}`, definition);
      }
      else if (values['dry-run']) action === 'create' ? created++ : updated++;
      else if (action === 'create') {
        await client.request('POST', 'v1/monitors', definition);
        created++;
      } else {
        await client.request('PUT', `v1/monitors/${encodeURIComponent(current!.id)}`, definition);
        updated++;
      }
    }
    const verb = values['dry-run'] ? 'would be' : 'were';
    io.stdout.write(`${created} ${verb} created, ${updated} ${verb} updated, ${unchanged} unchanged\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ValidationError) {
      io.stderr.write(`the file is invalid; nothing was sent:\n${error.issues.map((i) => `  ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n')}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`crosscheck import: ${error.message}\n${seeHelp('import')}`);
      return EXIT_USAGE;
    }
    if (error instanceof ApiError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}
