import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../shared/schemas/config.js';
import { resolveChain } from '../models/routing/router.js';
import { createPrompter, PromptClosed } from './prompter.js';
import { askPlan, defaultPlan, setupDocument, type SetupFacts } from './setup-wizard.js';

const facts: SetupFacts = {
  env: { DEEPSEEK_API_KEY: 'sk-from-env' },
  agents: [
    { adapter: 'claude-code', label: 'Claude Code', path: '/usr/bin/claude' },
    { adapter: 'codex', label: 'Codex', path: '/usr/bin/codex' },
  ],
  clients: ['codex', 'claude', 'shell-env'],
  port: 3000,
};

/** Answers the wizard's questions from a script, as a terminal user would type them. */
function scripted(answers: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = '';
  output.on('data', (chunk) => (transcript += chunk));
  input.end(answers.map((answer) => `${answer}\n`).join(''));
  return { prompter: createPrompter(input, output, false), transcript: () => transcript };
}

describe('setup wizard', () => {
  it('suggests the providers whose key is set, takes a pasted key, the agents, a fallback, the port and the clients', async () => {
    const { prompter, transcript } = scripted([
      '12', // not a choice: asked again
      '3,9,2', // DeepSeek, Ollama, Anthropic
      '', // DeepSeek: read the key from $DEEPSEEK_API_KEY (Ollama needs none)
      'sk-ant-pasted-key', // Anthropic: pasted
      '1', // Claude Code only
      'nowhere', // not a provider: asked again
      '', // fallback: the first chosen
      'eighty', // not a port: asked again
      '4010',
      '', // connect the suggested clients
    ]);
    const plan = await askPlan(prompter, facts);
    expect(plan.providers.map((provider) => [provider.id, 'apiKey' in provider ? provider.apiKey : undefined])).toEqual([
      ['deepseek', '${DEEPSEEK_API_KEY}'],
      ['ollama', undefined],
      ['anthropic', 'sk-ant-pasted-key'],
    ]);
    expect(plan).toMatchObject({ port: 4010, agents: [{ id: 'claude-code', adapter: 'claude-code' }], fallbackProvider: 'deepseek', connect: ['codex', 'claude'] });
    const text = transcript();
    expect(text).toContain('DeepSeek                            $DEEPSEEK_API_KEY is set');
    expect(text).toContain('Which providers? Numbers, comma-separated [3]: ');
    expect(text).toContain('Type numbers from 1 to 11');
    expect(text).toContain('One of: deepseek, ollama, anthropic, none.');
    expect(text).toContain('A port from 1 to 65535.');
  });

  it('makes a config the gateway accepts, where each provider keeps its own models and the rest go to the fallback', async () => {
    const { prompter } = scripted(['3,9', '', 'none', 'deepseek', '', 'none']);
    const plan = await askPlan(prompter, facts);
    expect(plan.agents).toEqual([]);
    const config = configSchema.parse(setupDocument(plan));
    expect(config.server.port).toBe(3000);
    const served = (model: string) => resolveChain(config, model).targets.map((target) => `${target.provider.id}:${target.model}`);
    expect(served('qwen3:14b')).toEqual(['ollama:qwen3:14b']);
    expect(served('deepseek-reasoner')).toEqual(['deepseek:deepseek-reasoner']);
    expect(served('gpt-5-codex')).toEqual(['deepseek:deepseek-chat']);
  });

  it('stops with nothing decided when the input ends early', async () => {
    const { prompter } = scripted(['3']);
    await expect(askPlan(prompter, facts)).rejects.toBeInstanceOf(PromptClosed);
  });

  it('takes, with --yes, the providers whose key is set and every agent found, connecting nothing', () => {
    const plan = defaultPlan({ ...facts, env: { DEEPSEEK_API_KEY: 'x', OPENROUTER_API_KEY: 'y', OPENAI_API_KEY: '' } });
    expect(plan.providers.map((provider) => provider.id)).toEqual(['deepseek', 'openrouter']);
    expect(plan.agents.map((agent) => agent.id)).toEqual(['claude-code', 'codex']);
    expect(plan).toMatchObject({ fallbackProvider: 'deepseek', connect: [] });
    expect(setupDocument(defaultPlan({ ...facts, env: {} }))).toEqual({ server: { port: 3000 }, providers: [], agents: [{ id: 'claude-code', adapter: 'claude-code' }, { id: 'codex', adapter: 'codex' }] });
  });
});
