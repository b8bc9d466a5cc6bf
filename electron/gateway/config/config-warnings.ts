import type { GatewayConfig } from '../../../shared/schemas/config.js';
import { describeShadow, shadowedRoutes } from '../../../shared/routing/shadowed-routes.js';
import { describeUnset, type UnsetReference } from './interpolate.js';

/**
 * What is valid but almost certainly not what the user meant: a `${VAR}` the environment does
 * not set, a model route an earlier one always takes first. Said at start and on every reload.
 */
export function configWarnings(config: GatewayConfig, unset: readonly UnsetReference[]): string[] {
  return [...unset.map(describeUnset), ...shadowedRoutes(config.routes).map(describeShadow)];
}

/**
 * Why a provider cannot be called: a field that reaches the upstream (its key, a header, its
 * URL) names an unset variable. Its display name does not count.
 */
export function providerUnsetReason(config: GatewayConfig, unset: readonly UnsetReference[], providerId: string): string | undefined {
  const index = config.providers.findIndex((provider) => provider.id === providerId);
  if (index === -1) return undefined;
  const prefix = `providers.${index}.`;
  const problems = unset
    .filter((reference) => reference.path.startsWith(prefix) && reference.path !== `${prefix}name`)
    .map((reference) => describeUnset({ ...reference, path: reference.path.slice(prefix.length) }));
  return problems.length ? problems.join('; ') : undefined;
}
