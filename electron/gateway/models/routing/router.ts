import picomatch from 'picomatch';
import { splitTarget, type GatewayConfig, type ProviderConfig } from '../../../../shared/schemas/config.js';
import { HttpError } from '../../http/http-error.js';

export interface Target {
  provider: ProviderConfig;
  /** The model name sent upstream. */
  model: string;
}

export interface ResolvedChain {
  /** The pattern of the rule that matched, or null when the model went to a provider listing it. */
  rule: string | null;
  /** The model routed: the requested name, or what its alias stands for. */
  model: string;
  targets: Target[];
}

interface CompiledRoutes {
  rules: { match: string; test: (model: string) => boolean; to: string[] }[];
  providers: Map<string, ProviderConfig>;
}

const compiled = new WeakMap<GatewayConfig, CompiledRoutes>();

function compile(config: GatewayConfig): CompiledRoutes {
  let routes = compiled.get(config);
  if (!routes) {
    routes = {
      rules: config.routes.map((route) => ({ match: route.match, test: picomatch(route.match, { dot: true }), to: route.to })),
      providers: new Map(config.providers.map((provider) => [provider.id, provider])),
    };
    compiled.set(config, routes);
  }
  return routes;
}

/**
 * Which model a provider is asked for when a route names only the provider: the requested
 * one if the provider lists it (or lists nothing, so anything goes), else its first model —
 * so `match: "*"  to: [deepseek]` sends any name to DeepSeek's default model.
 */
function modelFor(provider: ProviderConfig, requested: string): string {
  if (provider.models.length === 0 || provider.models.includes(requested)) return requested;
  return provider.models[0] as string;
}

/** The name an alias stands for (`aliases:`), else the name itself. */
export const resolveAlias = (config: GatewayConfig, model: string) => (Object.hasOwn(config.aliases, model) ? (config.aliases[model] as string) : model);

/** Aliases first; then the first matching rule wins; with no match, a provider listing the model serves it; else 404. */
export function resolveChain(config: GatewayConfig, asked: string): ResolvedChain {
  const requestedModel = resolveAlias(config, asked);
  const { rules, providers } = compile(config);
  for (const rule of rules) {
    if (!rule.test(requestedModel)) continue;
    const targets: Target[] = [];
    for (const entry of rule.to) {
      const { provider: providerId, model } = splitTarget(entry);
      const provider = providers.get(providerId);
      if (provider?.enabled) targets.push({ provider, model: model ?? modelFor(provider, requestedModel) });
    }
    return { rule: rule.match, model: requestedModel, targets };
  }
  const owner = config.providers.find((provider) => provider.enabled && (provider.models.includes(requestedModel) || provider.embeddingModels?.includes(requestedModel)));
  if (owner) return { rule: null, model: requestedModel, targets: [{ provider: owner, model: requestedModel }] };
  const alias = requestedModel === asked ? '' : ` (alias of '${asked}')`;
  throw new HttpError(404, 'model_not_found', `The model '${requestedModel}'${alias} does not exist or no route serves it`);
}

/** Names a client may ask for: every provider's models, every literal (non-glob) rule, and every alias. */
export function listModelNames(config: GatewayConfig): { id: string; ownedBy: string }[] {
  const seen = new Map<string, string>();
  for (const provider of config.providers) {
    if (!provider.enabled) continue;
    for (const model of [...provider.models, ...(provider.embeddingModels ?? [])]) if (!seen.has(model)) seen.set(model, provider.id);
  }
  for (const route of config.routes) {
    if (!picomatch.scan(route.match).isGlob && !seen.has(route.match)) seen.set(route.match, 'agentmesh-route');
  }
  // An alias is owned by whoever serves what it stands for.
  for (const [alias, model] of Object.entries(config.aliases)) if (!seen.has(alias)) seen.set(alias, seen.get(model) ?? 'agentmesh-alias');
  return [...seen].map(([id, ownedBy]) => ({ id, ownedBy }));
}
