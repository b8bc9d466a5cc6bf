import { expect, it } from 'vitest';
import { agentConfigSchema } from '../../../shared/schemas/agent.js';
import { configSchema } from '../../../shared/schemas/config.js';
import { orchestratorId, resolveAlias } from './orchestrator-id.js';

const registry = (...agents: Record<string, unknown>[]) => ({
  configs: () => agents.map((agent) => ({ config: agentConfigSchema.parse({ path: '/bin/x', ...agent }), source: 'config' as const })),
});
const config = (orchestration: Record<string, unknown> = {}) => configSchema.parse({ orchestration });

it('picks the configured orchestrator, else the first enabled Codex agent, else Claude Code', () => {
  const agents = registry({ id: 'c', adapter: 'claude-code' }, { id: 'off', adapter: 'codex', enabled: false }, { id: 'x', adapter: 'codex' });
  expect(orchestratorId(config(), agents)).toBe('x');
  expect(orchestratorId(config({ orchestrator: 'c' }), agents)).toBe('c');
  expect(orchestratorId(config(), registry({ id: 'c', adapter: 'claude-code' }, { id: 'cmd', adapter: 'command' }))).toBe('c');
  expect(orchestratorId(config(), registry({ id: 'cmd', adapter: 'command' }))).toBeUndefined();
});

it('passes over an agent given another role, and maps the spec aliases to the orchestrator', () => {
  const agents = registry({ id: 'worker', adapter: 'codex', role: 'executor' }, { id: 'c', adapter: 'claude-code' });
  expect(orchestratorId(config(), agents)).toBe('c');
  expect(resolveAlias('chat-codex-gateway', 'c')).toBe('c');
  expect(resolveAlias('chat-codex', 'c')).toBe('c');
  expect(resolveAlias('worker', 'c')).toBe('worker');
});
