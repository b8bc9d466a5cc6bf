import { routingStrategies, type RoutingStrategy, type ServiceRule } from '../../../shared/schemas/services.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { matchingRule, type ClientRequest } from './rule-matcher.js';
import type { ServiceManager } from './service-manager.js';
import type { ServiceRuntime } from './service-runtime.js';
import { ServiceSelector } from './service-selector.js';

/** What a client asked for in its `/ws` query. */
export interface RouteRequest extends ClientRequest {
  service?: string;
  tag?: string;
  sessionId?: string;
  hint?: string;
}

export type RouteDecision =
  | { ok: true; target: ServiceRuntime; strategy: string; rule: ServiceRule | undefined; tags: string[]; resumed: boolean }
  | { ok: false; code: 'ROUTING_FAILED' | 'INSUFFICIENT_RESOURCES'; message: string; rule: ServiceRule | undefined };

const isStrategy = (value: string | undefined): value is RoutingStrategy => routingStrategies.includes(value as RoutingStrategy);

/**
 * Which instance a client reaches: the session's instance when it is still up, else the first
 * matching service rule (its target tags and strategy), else the client's `service` or `tag`
 * with `routing_hint` as the strategy (least connections by default). Only instances that are
 * running, not unhealthy and below `max_sessions` are candidates.
 */
export class ServiceRouter {
  private readonly selector = new ServiceSelector();

  constructor(
    private readonly manager: ServiceManager,
    private readonly rules: () => readonly ServiceRule[],
    private readonly sessionHome: (sessionId: string) => string | undefined,
  ) {}

  decide(request: RouteRequest): RouteDecision {
    const home = request.sessionId ? this.sessionHome(request.sessionId) : undefined;
    const homeRuntime = home ? this.manager.list().find((runtime) => runtime.id === home) : undefined;
    if (homeRuntime?.available) return { ok: true, target: homeRuntime, strategy: 'session_affinity', rule: undefined, tags: homeRuntime.record.tags, resumed: true };
    const rule = matchingRule(this.rules(), request);
    if (rule) return this.pick({ tags: rule.target_tags }, rule.target_strategy, `rule:${rule.rule_id}`, rule);
    const strategy = isStrategy(request.hint) ? request.hint : 'least_connections';
    if (request.service) return this.pick({ service: request.service }, strategy, `service:${request.service}`, undefined);
    if (request.tag) return this.pick({ tags: request.tag.split(',').map((tag) => tag.trim()).filter(Boolean) }, strategy, `tag:${request.tag}`, undefined);
    return this.pick({}, strategy, 'any', undefined);
  }

  /** Another instance sharing `tags` for a client whose instance went away. */
  failover(tags: string[], strategy: string, exclude: ReadonlySet<string>): ServiceRuntime | undefined {
    const decision = this.pick({ tags }, isStrategy(strategy) ? strategy : 'least_connections', `failover:${tags.join(',')}`, undefined, exclude);
    return decision.ok ? decision.target : undefined;
  }

  private pick(want: { tags?: string[]; service?: string }, strategy: RoutingStrategy, key: string, rule: ServiceRule | undefined, exclude: ReadonlySet<string> = new Set()): RouteDecision {
    const connections: ConnectionRegistry = this.manager.connections;
    const matching = this.manager.list().filter((runtime) => {
      if (exclude.has(runtime.id)) return false;
      if (want.service && runtime.record.name !== want.service && runtime.id !== want.service) return false;
      return (want.tags ?? []).every((tag) => runtime.record.tags.includes(tag));
    });
    const what = want.service ? `service '${want.service}'` : want.tags?.length ? `tags ${want.tags.join(', ')}` : 'any service';
    const available = matching.filter((runtime) => runtime.available);
    if (available.length === 0) return { ok: false, code: 'ROUTING_FAILED', message: `No healthy service available for routing (${what})`, rule };
    const open = available.filter((runtime) => connections.activeSessions(runtime.id) < runtime.record.config.max_sessions);
    if (open.length === 0) return { ok: false, code: 'INSUFFICIENT_RESOURCES', message: `Every instance for ${what} is at max_sessions`, rule };
    const candidates = open.map((runtime) => ({ id: runtime.id, name: runtime.record.name, weight: runtime.record.config.weight, activeConnections: connections.activeCount(runtime.id), runtime }));
    const chosen = this.selector.pick(candidates, strategy, key)!;
    const tags = want.tags?.length ? want.tags : chosen.runtime.record.tags;
    return { ok: true, target: chosen.runtime, strategy, rule, tags, resumed: false };
  }
}
