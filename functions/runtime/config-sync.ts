/**
 * `--config <file>`: monitors from a Gatus-shaped YAML file, matched to stored ones by
 * name. New names are created, changed definitions replaced, identical ones left
 * alone; monitors that are only in the database (added through the API) stay. Every
 * change goes through the monitor services, so each one is a signed ledger entry. A
 * file with any error changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, ValidationError } from '../core/errors.ts';
import { parseConfigFile } from '../core/gatus-config.ts';
import { definitionChanges } from '../core/ledger/index.ts';
import type { Monitor, MonitorDefinition } from '../core/monitor.ts';
import { createMonitor, replaceMonitor, type MonitorServiceDeps } from '../services/monitors.ts';
import type { RuntimeLogger } from './logger.ts';

export interface ConfigSyncSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export async function applyConfigFile(path: string, deps: MonitorServiceDeps, logger: RuntimeLogger): Promise<ConfigSyncSummary> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let definitions: readonly MonitorDefinition[];
  try {
    const parsed = parseConfigFile(text);
    for (const warning of parsed.warnings) logger.warn(`config ${path}: ${warning}`);
    definitions = parsed.monitors;
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ConfigError(`config file ${path} is invalid; nothing was changed:\n${error.issues.map((i) => `  ${i.path || '(file)'}: ${i.message}`).join('\n')}`);
    }
    throw error;
  }
  const unknownRegions = definitions.flatMap((d, i) => d.regions.filter((r) => !deps.regions.includes(r)).map((r) => `  endpoints[${i}].regions: '${r}' is not one of the configured regions (${deps.regions.join(', ')})`));
  if (unknownRegions.length > 0) throw new ConfigError(`config file ${path} is invalid; nothing was changed:\n${unknownRegions.join('\n')}`);

  const byName = new Map<string, Monitor>();
  for (const monitor of await deps.monitors.all()) byName.set(monitor.name, monitor);
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const definition of definitions) {
    const existing = byName.get(definition.name);
    if (!existing) {
      await createMonitor(deps, definition);
      created++;
    } else if (definitionChanges(existing, definition)) {
      await replaceMonitor(deps, existing.id, definition);
      updated++;
    } else unchanged++;
  }
  logger.info('config file applied', { path, created, updated, unchanged });
  return { created, updated, unchanged };
}
