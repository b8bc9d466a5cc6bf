import type { AdapterId } from '../../../../shared/schemas/agent.js';
import type { AgentAdapter } from '../types.js';
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { command } from './command.js';
import { gemini } from './gemini.js';
import { opencode } from './opencode.js';
import { openclaw } from './openclaw.js';

export const adapters = { 'claude-code': claudeCode, codex, gemini, opencode, openclaw, command } satisfies Record<AdapterId, AgentAdapter>;

export function adapterFor(id: string): AgentAdapter {
  if (!Object.hasOwn(adapters, id)) throw new Error(`Unknown agent adapter '${id}' (known: ${Object.keys(adapters).join(', ')})`);
  return adapters[id as AdapterId];
}
