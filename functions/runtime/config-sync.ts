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
import type { Channel } from '../core/channel.ts';
import type { ChannelStore } from '../ports/channel-store.ts';
import type { SmtpOptions } from '../adapters/local/mail/smtp.ts';
import type { RuntimeLogger } from './logger.ts';

export interface ConfigSyncSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** The file's channels by name: new ones created, changed ones replaced, others (added through the API) kept. */
async function applyChannels(store: ChannelStore, channels: readonly Channel[], logger: RuntimeLogger, path: string): Promise<void> {
  let created = 0;
  let updated = 0;
  for (const channel of channels) {
    const existing = await store.get(channel.name);
    if (existing === null) {
      await store.create(channel);
      created++;
    } else if (JSON.stringify(existing) !== JSON.stringify(channel)) {
      await store.replace(channel);
      updated++;
    }
  }
  logger.info('config file channels applied', { path, created, updated, unchanged: channels.length - created - updated });
}

/** `alerting.email`'s SMTP settings of a Gatus file (port 465 means implicit TLS, anything else STARTTLS); null when it has none or cannot be read (applyConfigFile reports why). */
export async function configFileSmtp(path: string): Promise<SmtpOptions | null> {
  try {
    const { smtp } = parseConfigFile(await readFile(path, 'utf8'));
    if (smtp === null) return null;
    return {
      host: smtp.host,
      ...(smtp.port === undefined ? {} : { port: smtp.port }),
      security: smtp.port === 465 ? 'tls' : 'starttls',
      from: smtp.from ?? 'CrossCheck <crosscheck@localhost>',
      ...(smtp.username === undefined ? {} : { user: smtp.username, password: smtp.password ?? '' }),
    };
  } catch {
    return null;
  }
}

export async function applyConfigFile(path: string, deps: MonitorServiceDeps & { readonly channels?: ChannelStore }, logger: RuntimeLogger): Promise<ConfigSyncSummary> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let definitions: readonly MonitorDefinition[];
  let channels: readonly Channel[];
  try {
    const parsed = parseConfigFile(text);
    for (const warning of parsed.warnings) logger.warn(`config ${path}: ${warning}`);
    definitions = parsed.monitors;
    channels = parsed.channels;
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ConfigError(`config file ${path} is invalid; nothing was changed:\n${error.issues.map((i) => `  ${i.path || '(file)'}: ${i.message}`).join('\n')}`);
    }
    throw error;
  }
  const unknownRegions = definitions.flatMap((d, i) => d.regions.filter((r) => !deps.regions.includes(r)).map((r) => `  endpoints[${i}].regions: '${r}' is not one of the configured regions (${deps.regions.join(', ')})`));
  if (unknownRegions.length > 0) throw new ConfigError(`config file ${path} is invalid; nothing was changed:\n${unknownRegions.join('\n')}`);

  // Channels first: the monitors refer to them.
  if (deps.channels && channels.length > 0) await applyChannels(deps.channels, channels, logger, path);

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
