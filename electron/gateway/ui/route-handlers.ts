import type { RouteTestResult } from '../../../shared/contract/index.js';
import { HttpError } from '../http/http-error.js';
import { resolveChain } from '../models/routing/router.js';
import type { HandlerGroup, UiContext } from './types.js';

export function routeHandlers({ services }: UiContext): HandlerGroup<'routes.list' | 'routes.save' | 'routes.test'> {
  const { config, providers } = services;
  return {
    'routes.list': () => config.get().routes,
    'routes.save': ({ routes }) => config.update((document) => ({ ...document, routes })).routes,
    'routes.test': ({ model }): RouteTestResult => {
      try {
        const chain = resolveChain(config.get(), model);
        return {
          model,
          rule: chain.rule,
          error: chain.targets.length ? null : 'The matching rule names no enabled provider',
          targets: chain.targets.map((target) => {
            const reason = providers.unavailableReason(target.provider) ?? null;
            return { provider: target.provider.id, model: target.model, available: reason === null, reason };
          }),
        };
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) return { model, rule: null, targets: [], error: error.message };
        throw error;
      }
    },
  };
}
