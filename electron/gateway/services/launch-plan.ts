import { dirname, extname, isAbsolute, resolve } from 'node:path';
import type { SpawnPlan } from '../agents/types.js';
import type { ServiceRecord } from './service-store.js';

/** Interpreters by file extension; anything else is run as an executable itself. */
const interpreters: Record<string, { command: string; env?: Record<string, string> }> = {
  // Unbuffered, so each line reaches the log as it is printed.
  '.py': { command: 'python3', env: { PYTHONUNBUFFERED: '1' } },
  '.js': { command: process.execPath },
  '.mjs': { command: process.execPath },
  '.cjs': { command: process.execPath },
};

/**
 * How a service is started: its `command` and `args` when given, else its
 * `agent_factory_path` by extension. Its port is given as `PORT` (and `HOST`), never as
 * `--port`, which not every server understands; the runner lays this over the minimal agent
 * environment, so a service never sees the gateway's token or provider keys.
 */
export function serviceSpawnPlan(record: ServiceRecord, python = 'python3'): SpawnPlan {
  const env = {
    ...record.env,
    PORT: String(record.port),
    HOST: record.host,
    AGENT_SERVICE_ID: record.id,
    AGENT_SERVICE_NAME: record.name,
  };
  if (record.command) {
    return { command: record.command, args: record.args, env, cwd: record.cwd ?? (record.agent_factory_path ? dirname(record.agent_factory_path) : process.cwd()) };
  }
  const path = resolveFactoryPath(record.agent_factory_path!);
  const cwd = record.cwd ?? dirname(path);
  const interpreter = interpreters[extname(path).toLowerCase()];
  if (!interpreter) return { command: path, args: record.args, env, cwd };
  return { command: interpreter.command === 'python3' ? python : interpreter.command, args: [path, ...record.args], env: { ...interpreter.env, ...env }, cwd };
}

/** Relative paths are taken from where the gateway runs (the CLI sends absolute ones). */
export const resolveFactoryPath = (path: string) => (isAbsolute(path) ? path : resolve(path));
