import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { configSchema, formatIssues, type GatewayConfig } from '../../../shared/schemas/config.js';
import { interpolateEnv } from './interpolate.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: GatewayConfig;
  /** The document as written, `${VAR}` references unresolved: what edits are applied to. */
  document: Record<string, unknown>;
  /** Environment variables the file names but the environment does not set. */
  missingEnv: string[];
}

/** Validates a config document (already parsed) after `${VAR}` interpolation. */
export function parseConfig(document: unknown, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const missing = new Set<string>();
  const interpolated = interpolateEnv(document ?? {}, env, missing);
  const result = configSchema.safeParse(interpolated);
  if (!result.success) throw new ConfigError(`invalid config: ${formatIssues(result.error)}`);
  return { config: result.data, document: (document ?? {}) as Record<string, unknown>, missingEnv: [...missing] };
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`invalid YAML in ${path}: ${detail}`);
  }
  return parseConfig(document, env);
}
