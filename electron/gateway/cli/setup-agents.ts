import type { AdapterId } from '../../../shared/schemas/agent.js';
import { resolveExecutable } from '../agents/detect.js';

/** The agent CLIs setup offers, by the name they have on PATH. */
const knownClis: { binary: string; adapter: AdapterId; label: string }[] = [
  { binary: 'claude', adapter: 'claude-code', label: 'Claude Code' },
  { binary: 'codex', adapter: 'codex', label: 'Codex' },
  { binary: 'gemini', adapter: 'gemini', label: 'Gemini CLI' },
  { binary: 'opencode', adapter: 'opencode', label: 'opencode' },
  { binary: 'openclaw', adapter: 'openclaw', label: 'OpenClaw' },
];

export interface FoundAgent {
  adapter: AdapterId;
  label: string;
  path: string;
}

/** Which known agent CLIs are on PATH (found, not run: setup stays quick). */
export function findAgentClis(env: NodeJS.ProcessEnv = process.env): FoundAgent[] {
  return knownClis.flatMap((cli) => {
    const path = resolveExecutable(cli.binary, env);
    return path ? [{ adapter: cli.adapter, label: cli.label, path }] : [];
  });
}
