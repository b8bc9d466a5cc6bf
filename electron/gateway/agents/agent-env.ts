import type { AgentConfig } from '../../../shared/schemas/agent.js';
import { TOKEN_ENV } from './adapters/plan-env.js';
import type { AgentAdapter } from './types.js';

/**
 * What every agent gets from the gateway's environment, when set: where programs and home
 * are (the XDG directories relocate home for git, opencode and Claude Code's credential
 * store), who the user is, locale, terminal and temp directory. Never a credential. A name
 * ending in `*` is a prefix.
 */
export const baseAgentEnv = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'TMPDIR', 'TZ', 'LANG', 'LC_*',
  'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR',
] as const;

/** Windows equivalents of the above, without which programs (Node itself) fail to start. */
export const windowsAgentEnv = [
  'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'COMSPEC', 'PATHEXT', 'TEMP', 'TMP', 'USERPROFILE', 'USERNAME', 'USERDOMAIN',
  'HOMEDRIVE', 'HOMEPATH', 'APPDATA', 'LOCALAPPDATA', 'PROGRAMDATA', 'PROGRAMFILES', 'PROGRAMFILES(X86)', 'COMMONPROGRAMFILES',
  'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE', 'OS',
] as const;

/**
 * The environment an agent process starts from: the base names above plus `extra` (its
 * adapter's login variables and its `inheritEnv`), copied from `source` — the gateway's own
 * environment — and nothing else, so the gateway's token and provider keys never reach a
 * task or its log. The agent's `env` and what its adapter sets are laid over this by the
 * runner. The gateway's AGENTMESH_TOKEN is never copied, whatever `extra` says: routed
 * agents get a token scoped to their task under that name instead.
 */
export function agentEnvironment(source: NodeJS.ProcessEnv, extra: readonly string[] = [], platform: NodeJS.Platform = process.platform): Record<string, string> {
  const windows = platform === 'win32';
  // Windows variable names are case-insensitive (`Path`, `SystemRoot`).
  const fold = (name: string) => (windows ? name.toUpperCase() : name);
  const patterns = [...baseAgentEnv, ...(windows ? windowsAgentEnv : []), ...extra].map(fold);
  const exact = new Set(patterns.filter((pattern) => !pattern.endsWith('*')));
  const prefixes = patterns.filter((pattern) => pattern.endsWith('*')).map((pattern) => pattern.slice(0, -1));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const key = fold(name);
    if (key === fold(TOKEN_ENV)) continue;
    if (exact.has(key) || prefixes.some((prefix) => key.startsWith(prefix))) env[name] = value;
  }
  return env;
}

/** The names an agent inherits beyond the base: what its CLI reads to find its own login, and its `inheritEnv`. */
export const inheritedNames = (adapter: AgentAdapter, agent: AgentConfig): string[] => [...adapter.loginEnv, ...agent.inheritEnv];
