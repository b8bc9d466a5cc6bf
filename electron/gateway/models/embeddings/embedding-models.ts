import type { GatewayConfig, ProviderConfig } from '../../../../shared/schemas/config.js';
import { resolveAlias } from '../routing/router.js';

/** Why a provider cannot serve embeddings at all, or undefined when it can. */
export const noEmbeddings = (provider: ProviderConfig): string | undefined =>
  provider.type === 'anthropic' ? 'anthropic providers serve no embeddings' : undefined;

/**
 * Whether /v1/models marks a name as an embedding model: a provider lists it under
 * `embeddingModels`, it is `memory.embeddingModel`, or its name says so (text-embedding-3-small,
 * nomic-embed-text, mxbai-embed-large).
 */
export function isEmbeddingModel(config: GatewayConfig, name: string): boolean {
  const model = resolveAlias(config, name);
  if (/embed/i.test(model)) return true;
  if (config.memory.embeddingModel && resolveAlias(config, config.memory.embeddingModel) === model) return true;
  return config.providers.some((provider) => provider.embeddingModels?.includes(model));
}
