import { createHmac } from 'node:crypto';
import { tokenMatches } from '../http/guards.js';

// An agent whose model calls go through the gateway gets a token scoped to its task: the
// calls are tagged with the task in the usage ledger, and the token opens only /v1 model
// routes, only while the task runs — never the management API.
const prefix = 'amt_';

export function mintTaskToken(gatewayToken: string, taskId: string): string {
  return `${prefix}${taskId}.${signature(gatewayToken, taskId)}`;
}

/** The task id of a valid task token, else undefined. */
export function taskIdOfToken(gatewayToken: string, given: string): string | undefined {
  if (!given.startsWith(prefix)) return undefined;
  const dot = given.lastIndexOf('.');
  if (dot <= prefix.length) return undefined;
  const taskId = given.slice(prefix.length, dot);
  return tokenMatches(given.slice(dot + 1), signature(gatewayToken, taskId)) ? taskId : undefined;
}

const signature = (key: string, taskId: string) => createHmac('sha256', key).update(`task:${taskId}`).digest('base64url').slice(0, 32);
