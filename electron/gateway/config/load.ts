import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { configSchema, formatIssues, type GatewayConfig } from '../../../shared/schemas/config.js';
import { interpolateEnv, type UnsetReference } from './interpolate.js';
import { DialectError, translateSeedDialect, type DialectNote } from './seed-dialect.js';

export type ConfigPath = (string | number)[];

export class ConfigError extends Error {
  /** The 1-based line of the first bad field, when the document came from a file. */
  line: number | null = null;
  /** That line of the file (and the one before it) with a caret under the fault, for a terminal. */
  snippet: string | null = null;

  /** `paths`: the path of each bad field, where a file's line is looked up. */
  constructor(message: string, readonly paths: ConfigPath[] = []) {
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
  /** Each place such a variable is used. */
  unsetEnv: UnsetReference[];
  /** agentmesh 1.x keys the document was written with, translated to this gateway's (seed-dialect.ts). */
  dialect?: DialectNote[];
}

export interface LoadedConfigFile extends LoadedConfig {
  /** The parsed file with its comments and layout: what dashboard saves are written into. */
  yaml: Document;
}

const plainPath = (issue: z.core.$ZodIssue): ConfigPath => issue.path.filter((key): key is string | number => typeof key !== 'symbol');

// An unknown key is reported on its parent; the line worth showing is the key's own.
const issuePath = (issue: z.core.$ZodIssue): ConfigPath => {
  const path = plainPath(issue);
  return issue.code === 'unrecognized_keys' && issue.keys[0] ? [...path, issue.keys[0]] : path;
};

/**
 * Validates a config document (already parsed) after `${VAR}` interpolation. One written in
 * agentmesh 1.x's spelling is translated first; the document kept (what edits apply to) is
 * then the native one, and an error names the key as the user wrote it.
 */
export function parseConfig(document: unknown, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let dialect;
  try {
    dialect = translateSeedDialect(document ?? {});
  } catch (error) {
    if (error instanceof DialectError) throw new ConfigError(`invalid config: ${error.message}`, [error.path]);
    throw error;
  }
  const unsetEnv: UnsetReference[] = [];
  const interpolated = interpolateEnv(dialect.document, env, unsetEnv);
  const result = configSchema.safeParse(interpolated);
  if (!result.success) {
    const paths = result.error.issues.map((issue) => dialect.originalPath(issuePath(issue)));
    // An unknown key is reported on its parent, as zod does; the parent is named as written too.
    const named = (issue: z.core.$ZodIssue, index: number) => (issue.code === 'unrecognized_keys' ? dialect.originalPath(plainPath(issue)) : paths[index]!);
    const issues = result.error.issues.map((issue, index) => ({ ...issue, path: named(issue, index) }));
    throw new ConfigError(`invalid config: ${formatIssues({ issues } as z.ZodError)}`, paths);
  }
  return { config: result.data, document: dialect.document, missingEnv: [...new Set(unsetEnv.map((reference) => reference.variable))], unsetEnv, ...(dialect.notes.length ? { dialect: dialect.notes } : {}) };
}

/** Parses and validates the text of a config file; a ConfigError carries the line of the first fault. */
export function parseConfigText(text: string, source: string, env: NodeJS.ProcessEnv = process.env): LoadedConfigFile {
  const lines = new LineCounter();
  const yaml = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const [syntax] = yaml.errors;
  if (syntax) {
    const at = syntax.linePos?.[0];
    // yaml's message ends "at line N, column M:" before a snippet of its own; ours follows instead.
    const reason = syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const error = new ConfigError(`invalid YAML in ${source}${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${reason}`);
    error.line = at?.line ?? null;
    if (at) error.snippet = codeFrame(text, at.line, at.col);
    throw error;
  }
  let document: unknown;
  try {
    document = yaml.toJS();
  } catch (error) {
    // yaml refuses to expand an alias bomb here.
    throw new ConfigError(`invalid YAML in ${source}: ${(error as Error).message}`);
  }
  try {
    return { ...parseConfig(document, env), yaml };
  } catch (error) {
    const at = error instanceof ConfigError && error.paths[0] ? positionOf(yaml, lines, error.paths[0]) : null;
    if (error instanceof ConfigError && at) {
      error.line = at.line;
      error.snippet = codeFrame(text, at.line, at.col);
    }
    throw error;
  }
}

/** Where the node at `path` starts, or its nearest ancestor when the field is missing. */
function positionOf(yaml: Document, lines: LineCounter, path: ConfigPath): { line: number; col: number } | null {
  for (let depth = path.length; depth > 0; depth--) {
    const node = yaml.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]);
  }
  return null;
}

/**
 * Line `line` of `text` with the line before it and a caret under column `col`, numbered like
 * an editor's gutter. At a blank line (often the end of the file) the last written line shows too.
 */
export function codeFrame(text: string, line: number, col: number): string {
  const all = text.split(/\r?\n/);
  let first = Math.max(1, line - 1);
  while (first > 1 && !all[first - 1]?.trim()) first--;
  const width = String(line).length;
  const rows: string[] = [];
  for (let number = first; number <= line; number++) {
    rows.push(`${number === line ? '>' : ' '} ${String(number).padStart(width)} | ${(all[number - 1] ?? '').replace(/\t/g, ' ')}`);
  }
  rows.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, col - 1))}^`);
  return rows.join('\n');
}

export function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${path}: ${(error as Error).message}`);
  }
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfigFile {
  return parseConfigText(readConfigText(path), path, env);
}
