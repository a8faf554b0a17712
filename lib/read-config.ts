/**
 * Where the deployment config comes from: a JSON file named by the `config` context
 * value, then the individual context values (`-c key=value`) on top, then
 * CDK_DEFAULT_ACCOUNT (set by the CLI when it has credentials) for `account` if
 * neither gave one. Only the keys in CONFIG_KEYS are read from context: the rest of
 * the context (feature flags, cli-telemetry) is not ours.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../functions/core/errors.ts';
import { CONFIG_KEYS, parseDeploymentConfig, type DeploymentConfig } from './config.ts';

export type ContextReader = (key: string) => unknown;

export function readDeploymentConfig(context: ContextReader, env: Readonly<Record<string, string | undefined>> = {}): DeploymentConfig {
  const raw: Record<string, unknown> = { ...readConfigFile(context('config')) };
  for (const key of CONFIG_KEYS) {
    const value = context(key);
    if (value !== undefined) raw[key] = value;
  }
  if (raw['account'] === undefined && env['CDK_DEFAULT_ACCOUNT']) raw['account'] = env['CDK_DEFAULT_ACCOUNT'];
  return parseDeploymentConfig(raw);
}

function readConfigFile(path: unknown): Record<string, unknown> {
  if (path === undefined) return {};
  if (typeof path !== 'string' || path === '') throw new ConfigError('config: must be the path of a JSON file');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`config: cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config: ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`config: ${path} must hold a JSON object`);
  return value as Record<string, unknown>;
}
