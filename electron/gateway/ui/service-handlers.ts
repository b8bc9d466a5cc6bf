import { serviceDetail } from '../services/service-views.js';
import type { HandlerGroup, UiContext } from './types.js';

type ServiceMethods =
  | 'services.list' | 'services.get' | 'services.action' | 'serviceLogs.list' | 'serviceConnections.disconnect'
  | 'serviceRules.list' | 'serviceRules.save' | 'serviceRules.delete' | 'serviceRules.test';

/** The Services view over the same agent services as /api/v1 (specs/004). */
export function serviceHandlers({ services }: UiContext): HandlerGroup<ServiceMethods> {
  const { manager, sampler, proxy, rules } = services.agentServices;
  const detail = (id: string) => serviceDetail(manager.get(id), manager, sampler);
  return {
    'services.list': () => manager.list().map((runtime) => ({ ...serviceDetail(runtime, manager, sampler), health_history: manager.health.history(runtime.id, 30).reverse() })),
    'services.get': ({ id }) => {
      const runtime = manager.get(id);
      return { service: detail(id), health: manager.health.history(runtime.id, 60), connections: manager.connections.list({ serviceId: runtime.id }).slice(0, 200) };
    },
    'services.action': async ({ id, action }) => {
      await manager[action](id);
      return detail(id);
    },
    'serviceLogs.list': ({ id, level, afterId, query, limit }) => {
      const runtime = manager.get(id);
      return query ? manager.logs.search(query, { serviceId: runtime.id, limit }) : manager.logs.list(runtime.id, { level, afterId, limit });
    },
    'serviceConnections.disconnect': ({ id, reason }) => {
      proxy.disconnect(id, reason, true);
      return { connection_id: id };
    },
    'serviceRules.list': () => [...rules.list()].sort((a, b) => b.priority - a.priority),
    'serviceRules.save': ({ id, rule }) => (id ? rules.update(id, rule) : rules.create(rule)),
    'serviceRules.delete': ({ id }) => ({ rule_id: rules.remove(id).rule_id }),
    'serviceRules.test': ({ headers, query, client_ip }) => {
      const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
      const params = new URLSearchParams(query);
      return services.agentServices.testRoute({
        headers: lower, query: params, clientIp: client_ip, service: params.get('service') ?? undefined, tag: params.get('tag') ?? undefined,
        sessionId: params.get('session_id') ?? undefined, hint: params.get('routing_hint') ?? undefined,
      });
    },
  };
}
