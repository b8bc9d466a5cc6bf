import type { ServiceRouteTest } from '../../../shared/schemas/service-views.js';
import type { ConfigStore } from '../config/config-store.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import type { Db } from '../store/database.js';
import type { HealthCheck } from './health-store.js';
import { endpointOf } from './proxied-client.js';
import { ServiceError } from './service-error.js';
import { ServiceManager } from './service-manager.js';
import { ServiceProxy } from './service-proxy.js';
import type { RouteRequest } from './service-routing.js';
import { ServiceRules } from './service-rules.js';
import { ServiceSampler } from './service-sampler.js';

export interface AgentServicesDeps {
  db: Db;
  config: ConfigStore;
  bus: EventBus<GatewayEvents>;
  logger: Logger;
}

/** Agent services (specs/004) wired together: the registry and supervisor, service rules, the proxy and the sampler. */
export class AgentServices {
  readonly manager: ServiceManager;
  readonly rules: ServiceRules;
  readonly proxy: ServiceProxy;
  readonly sampler: ServiceSampler;
  private readonly countdowns = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: AgentServicesDeps) {
    const servicesConfig = () => deps.config.get().services;
    this.manager = new ServiceManager({ db: deps.db, config: servicesConfig, logger: deps.logger, bus: deps.bus });
    this.rules = new ServiceRules(deps.config);
    this.proxy = new ServiceProxy(this.manager, () => this.rules.list(), deps.logger);
    this.sampler = new ServiceSampler(deps.db, this.manager, servicesConfig, deps.logger);
  }

  /** Brings back the services that were running; does not wait for them. */
  start(): void {
    this.sampler.start();
    void this.manager.recover().catch((error: unknown) => this.deps.logger.error('agent services did not recover', { error: String(error) }));
  }

  async stop(): Promise<void> {
    for (const timer of this.countdowns) clearTimeout(timer);
    this.sampler.stop();
    this.proxy.close();
    await this.manager.shutdown();
  }

  /** A manual check: HEALTH_CHECK_FAILED (with the check in `details`) unless it passed. */
  async checkHealth(idOrName: string): Promise<HealthCheck> {
    const runtime = this.manager.get(idOrName);
    if (runtime.status !== 'running') throw new ServiceError('HEALTH_CHECK_FAILED', `Service '${runtime.record.name}' is ${runtime.status}`, { service_id: runtime.id, status: runtime.status });
    const check = await runtime.checkHealth();
    if (check.status !== 'healthy') throw new ServiceError('HEALTH_CHECK_FAILED', `Health check of '${runtime.record.name}' failed: ${check.error ?? 'unhealthy'}`, { service_id: runtime.id, ...check });
    return check;
  }

  /** Tells the service's clients, then restarts it once the countdown is over. */
  scheduleRestart(idOrName: string, seconds: number, message?: string): void {
    const runtime = this.manager.get(idOrName);
    this.proxy.notify(runtime.id, { type: 'maintenance_window', message: message ?? `Service will be restarted in ${seconds} seconds`, severity: 'warning', countdown_seconds: seconds });
    const timer = setTimeout(() => {
      this.countdowns.delete(timer);
      this.manager.restart(runtime.id).catch((error: unknown) => this.deps.logger.warn('scheduled service restart failed', { service: runtime.record.name, error: String(error) }));
    }, seconds * 1_000);
    timer.unref();
    this.countdowns.add(timer);
  }

  /** The rule tester: where a client with this request would go now. */
  testRoute(request: RouteRequest): ServiceRouteTest {
    const decision = this.proxy.router.decide(request);
    const rule = decision.rule ? { rule_id: decision.rule.rule_id, name: decision.rule.name } : null;
    if (!decision.ok) return { routed: false, matched_rule: rule, error: { code: decision.code, message: decision.message } };
    return { routed: true, matched_rule: rule, target_service: decision.target.record.name, service_id: decision.target.id, service_endpoint: endpointOf(decision.target), routing_strategy: decision.strategy };
  }
}
