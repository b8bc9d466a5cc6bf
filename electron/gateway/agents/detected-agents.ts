import { validAgentSchema, type AdapterId, type AgentConfig } from '../../../shared/schemas/agent.js';
import { adapterFor } from './adapters/index.js';
import { resolveExecutable } from './detect.js';

/** The agent CLIs the gateway looks for on PATH, so a fresh install has agents without any config. */
export const knownClis = ['claude-code', 'codex', 'gemini', 'opencode', 'openclaw'] as const satisfies readonly AdapterId[];
type KnownCli = (typeof knownClis)[number];

/**
 * What a detected agent may do unasked. Codex writes only inside the task's directory;
 * Claude Code accepts file edits but asks (and so, headless, refuses) before running a
 * command; Gemini and opencode ask before edits and commands alike. More is one switch in
 * the agent's settings, or an entry under `agents:`.
 */
const safeDefaults: Record<KnownCli, Partial<AgentConfig>> = {
  'claude-code': { permissionMode: 'acceptEdits' },
  codex: { sandbox: 'workspace-write' },
  gemini: { autoApprove: false },
  opencode: { autoApprove: false },
  openclaw: {},
};

/** Which known CLIs the environment's PATH holds, and where. */
export function scanPath(env: NodeJS.ProcessEnv): Map<KnownCli, string> {
  const found = new Map<KnownCli, string>();
  for (const cli of knownClis) {
    const path = resolveExecutable(adapterFor(cli).defaultBinary, env);
    if (path) found.set(cli, path);
  }
  return found;
}

/**
 * An agent for each CLI found, named after its binary (`claude`, `codex`…), unless an agent of
 * the config or the API already runs that CLI or holds that id: what the user set up wins.
 */
export function detectedAgentConfigs(found: ReadonlyMap<KnownCli, string>, configured: readonly AgentConfig[]): AgentConfig[] {
  const adapters = new Set(configured.map((agent) => agent.adapter));
  const ids = new Set(configured.map((agent) => agent.id));
  return [...found.keys()]
    .filter((cli) => !adapters.has(cli) && !ids.has(adapterFor(cli).defaultBinary))
    .map((cli) => validAgentSchema.parse({ id: adapterFor(cli).defaultBinary, name: adapterFor(cli).label, adapter: cli, ...safeDefaults[cli] }));
}
