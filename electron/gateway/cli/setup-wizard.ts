import { providerFromPreset, providerPresetIds, providerPresets, type ProviderPresetId } from '../../../shared/provider-presets.js';
import type { AdapterId } from '../../../shared/schemas/agent.js';
import { connectClients, type ClientId } from '../connect/clients.js';
import type { Prompter } from './prompter.js';
import type { FoundAgent } from './setup-agents.js';

export interface SetupPlan {
  port: number;
  providers: ReturnType<typeof providerFromPreset>[];
  agents: { id: string; adapter: AdapterId }[];
  /** Where a model name no provider lists goes (Codex and Claude Code ask for their own names). */
  fallbackProvider: string | null;
  connect: ClientId[];
}

export interface SetupFacts {
  env: NodeJS.ProcessEnv;
  agents: FoundAgent[];
  clients: ClientId[];
  port: number;
}

const keyIsSet = (env: NodeJS.ProcessEnv, name: ProviderPresetId) => {
  const preset = providerPresets[name];
  return 'keyEnv' in preset && Boolean(env[preset.keyEnv]);
};

/** `setup --yes`: every provider whose key is in the environment, every agent found; nothing connected. */
export function defaultPlan(facts: SetupFacts): SetupPlan {
  const providers = providerPresetIds.filter((name) => keyIsSet(facts.env, name)).map((name) => providerFromPreset(name));
  return {
    port: facts.port,
    providers,
    agents: facts.agents.map((agent) => ({ id: agent.adapter, adapter: agent.adapter })),
    fallbackProvider: providers[0]?.id ?? null,
    connect: [],
  };
}

/** The interactive wizard: providers from presets with their keys, the agents found, the port, what to connect. */
export async function askPlan(prompter: Prompter, facts: SetupFacts): Promise<SetupPlan> {
  prompter.say('\nProviders: where model calls go.');
  const labels = providerPresetIds.map((name) => {
    const preset = providerPresets[name];
    const note = 'keyEnv' in preset ? (facts.env[preset.keyEnv] ? `$${preset.keyEnv} is set` : '') : 'local, no key';
    return `${preset.label.padEnd(36)}${note}`.trimEnd();
  });
  const suggested = providerPresetIds.flatMap((name, index) => (keyIsSet(facts.env, name) ? [index] : []));
  const chosen = await prompter.pick('Which providers? Numbers, comma-separated', labels, suggested);

  const providers: SetupPlan['providers'] = [];
  for (const index of chosen) {
    const name = providerPresetIds[index]!;
    const preset = providerPresets[name];
    if (!('keyEnv' in preset)) {
      providers.push(providerFromPreset(name));
      continue;
    }
    const inEnv = facts.env[preset.keyEnv] ? `Enter to read it from $${preset.keyEnv}` : `Enter to read it from $${preset.keyEnv} later`;
    const key = await prompter.secret(`${preset.label} API key (paste it; ${inEnv})`);
    if (!key && !facts.env[preset.keyEnv]) prompter.say(`  Set $${preset.keyEnv} where the gateway runs before you start it.`);
    providers.push(providerFromPreset(name, key ? { apiKey: key } : {}));
  }

  let agents: SetupPlan['agents'] = [];
  if (facts.agents.length) {
    prompter.say('\nAgents found on PATH: the gateway can run tasks on them.');
    const picked = await prompter.pick('Which agents?', facts.agents.map((agent) => `${agent.label.padEnd(14)}${agent.path}`), facts.agents.map((_agent, index) => index));
    agents = picked.map((index) => ({ id: facts.agents[index]!.adapter, adapter: facts.agents[index]!.adapter }));
  } else {
    prompter.say('\nNo agent CLI (claude, codex, gemini, opencode, openclaw) found on PATH; add agents later under `agents:`.');
  }

  let fallbackProvider: string | null = null;
  if (providers.length) {
    const ids = providers.map((provider) => provider.id);
    for (;;) {
      const answer = await prompter.ask(`Send model names no provider lists (Codex's, Claude Code's) to which provider? (${ids.join(', ')}, or "none")`, ids[0]);
      if (answer === 'none' || ids.includes(answer)) {
        fallbackProvider = answer === 'none' ? null : answer;
        break;
      }
      prompter.say(`  One of: ${ids.join(', ')}, none.`);
    }
  }

  let port = facts.port;
  for (;;) {
    const answer = Number(await prompter.ask('Port for the gateway', String(facts.port)));
    if (Number.isInteger(answer) && answer > 0 && answer < 65_536) {
      port = answer;
      break;
    }
    prompter.say('  A port from 1 to 65535.');
  }

  let connect: ClientId[] = [];
  if (facts.clients.length) {
    prompter.say('\nClients found: they can send their model calls through the gateway (files are backed up; `agentmesh disconnect` undoes it).');
    const picked = await prompter.pick('Connect which?', facts.clients.map((id) => connectClients[id].label), facts.clients.flatMap((id, index) => (id === 'codex' || id === 'claude' ? [index] : [])));
    connect = picked.map((index) => facts.clients[index]!);
  }
  return { port, providers, agents, fallbackProvider, connect };
}

/**
 * The config document the plan makes. A catch-all route would also take the names a provider
 * lists (rules come first), so each provider's own models get a rule ahead of it.
 */
export function setupDocument(plan: SetupPlan): Record<string, unknown> {
  const own = plan.providers.flatMap((provider) =>
    provider.models.length ? [{ match: provider.models.length === 1 ? provider.models[0]! : `{${provider.models.join(',')}}`, to: [provider.id] }] : [],
  );
  return {
    server: { port: plan.port },
    providers: plan.providers,
    ...(plan.fallbackProvider ? { routes: [...own, { match: '*', to: [plan.fallbackProvider] }] } : {}),
    agents: plan.agents,
  };
}
