import type { RouteTestResult } from '../../../shared/contract/index.js';
import { testRoute } from '../quota/route-tester.js';
import { explainRoute } from '../tasks/task-rules.js';
import type { HandlerGroup, UiContext } from './types.js';

export function routeHandlers({ services }: UiContext): HandlerGroup<'routes.list' | 'routes.save' | 'routes.test' | 'taskRules.test'> {
  const { config } = services;
  return {
    'routes.list': () => config.get().routes,
    'routes.save': ({ routes }) => config.update((document) => ({ ...document, routes })).routes,
    // The same tester as GET /model-gateway/route: health, balances, usage thresholds, budgets.
    'routes.test': ({ model }): RouteTestResult => {
      const tested = testRoute({ config: () => config.get(), providers: services.providers, quota: services.quota, budgets: services.budgets, guard: services.guard }, model);
      const error = tested.error ?? tested.blocked ?? (tested.rule !== null && tested.targets.length === 0 ? 'The matching rule names no enabled provider' : null);
      return {
        model,
        rule: tested.rule,
        error,
        targets: tested.targets.map((target) => ({ provider: target.provider, model: target.model, available: target.available && !target.skipped, reason: target.reason ?? target.skipped })),
      };
    },
    // The same decision a task sent to `gateway` gets, with the reason (POST /routing/test, `agentmesh route test`).
    'taskRules.test': ({ task, capabilities }) => explainRoute(services.agents, config.get().routing, task, capabilities),
  };
}
