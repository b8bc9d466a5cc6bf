import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { RegisterService, ServiceConfig, ServicesConfig } from '../../../shared/schemas/services.js';
import { serviceConfigSchema } from '../../../shared/schemas/services.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import type { Db } from '../store/database.js';
import { ConnectionRegistry } from './connection-registry.js';
import { HealthStore } from './health-store.js';
import { resolveFactoryPath } from './launch-plan.js';
import { ServiceLogStore } from './log-store.js';
import { freePort, portIsFree } from './port-check.js';
import { ServiceError, serviceNotFound } from './service-error.js';
import { ServiceRuntime, type DownReason } from './service-runtime.js';
import { ServiceStore, type ServiceRecord } from './service-store.js';

export interface ServiceManagerDeps {
  db: Db;
  config: () => ServicesConfig;
  logger: Logger;
  bus: EventBus<GatewayEvents>;
}

/**
 * The registry of agent services (specs/004), separate from the agent registry: each a
 * long-running server the gateway starts, supervises and health-checks, kept in SQLite and
 * brought back after a gateway restart in the state it had.
 */
export class ServiceManager {
  readonly store: ServiceStore;
  readonly logs: ServiceLogStore;
  readonly health: HealthStore;
  readonly connections = new ConnectionRegistry();
  private readonly runtimes = new Map<string, ServiceRuntime>();
  private readonly downListeners = new Set<(serviceId: string, reason: DownReason) => void>();

  constructor(private readonly deps: ServiceManagerDeps) {
    this.store = new ServiceStore(deps.db);
    this.logs = new ServiceLogStore(deps.db, () => deps.config().logRetentionLines, deps.logger.redact);
    this.health = new HealthStore(deps.db, () => deps.config().healthHistory);
  }

  /** Loads every registered service and starts again those that were running. */
  async recover(): Promise<void> {
    const starts = this.store.list().map((record) => {
      const runtime = this.addRuntime(record);
      runtime.health = this.health.last(record.id);
      if (record.desired_state !== 'running') return undefined;
      return runtime.start().catch((error: unknown) => this.deps.logger.warn('agent service did not come back', { service: record.name, error: String(error) }));
    });
    await Promise.all(starts);
  }

  /** Stops every process; their desired state stays, so the next gateway start brings them back. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.stop().catch(() => undefined)));
  }

  onDown(listener: (serviceId: string, reason: DownReason) => void): () => void {
    this.downListeners.add(listener);
    return () => this.downListeners.delete(listener);
  }

  list(): ServiceRuntime[] {
    return [...this.runtimes.values()];
  }

  /** By id, or by name (the CLI names services). */
  get(idOrName: string): ServiceRuntime {
    const runtime = this.runtimes.get(idOrName) ?? [...this.runtimes.values()].find((candidate) => candidate.record.name === idOrName);
    if (!runtime) throw serviceNotFound(idOrName);
    return runtime;
  }

  async register(input: RegisterService): Promise<ServiceRuntime> {
    if (this.store.byName(input.name)) throw new ServiceError('SERVICE_ALREADY_EXISTS', `A service named '${input.name}' already exists`, { name: input.name });
    const factoryPath = input.agent_factory_path ? resolveFactoryPath(input.agent_factory_path) : null;
    if (factoryPath && !input.command && !existsSync(factoryPath)) {
      throw new ServiceError('INVALID_REQUEST', `agent_factory_path not found: ${factoryPath}`, { agent_factory_path: factoryPath });
    }
    const port = input.port ?? (await freePort(input.host));
    const holder = this.list().find((runtime) => runtime.record.port === port && sameHost(runtime.record.host, input.host));
    if (holder) throw new ServiceError('PORT_IN_USE', `Port ${port} is already assigned to service '${holder.record.name}'`, { port, service_id: holder.id });
    if (input.port !== undefined && !(await portIsFree(input.host, port))) throw new ServiceError('PORT_IN_USE', `Port ${port} on ${input.host} is already in use`, { host: input.host, port });
    const record: ServiceRecord = {
      id: randomUUID(),
      name: input.name,
      description: input.description,
      agent_factory_path: factoryPath,
      command: input.command ?? null,
      args: input.args,
      cwd: input.cwd ?? null,
      env: input.env,
      host: input.host,
      port,
      tags: [...new Set(input.tags)],
      config: input.config,
      desired_state: input.start ? 'running' : 'stopped',
      created_at: new Date().toISOString(),
      started_at: null,
    };
    this.store.insert(record);
    const runtime = this.addRuntime(record);
    this.announce(runtime);
    if (input.start) await runtime.start();
    return runtime;
  }

  async start(idOrName: string): Promise<ServiceRuntime> {
    const runtime = this.get(idOrName);
    this.setDesired(runtime, 'running');
    runtime.resetFailures();
    await runtime.start();
    return runtime;
  }

  async stop(idOrName: string): Promise<ServiceRuntime> {
    const runtime = this.get(idOrName);
    this.setDesired(runtime, 'stopped');
    await runtime.stop();
    return runtime;
  }

  async restart(idOrName: string): Promise<ServiceRuntime> {
    const runtime = this.get(idOrName);
    this.setDesired(runtime, 'running');
    runtime.resetFailures();
    await runtime.restart();
    return runtime;
  }

  updateConfig(idOrName: string, patch: Partial<ServiceConfig>): ServiceRuntime {
    const runtime = this.get(idOrName);
    runtime.record = { ...runtime.record, config: serviceConfigSchema.parse({ ...runtime.record.config, ...patch }) };
    this.store.update(runtime.record);
    runtime.configChanged();
    this.announce(runtime);
    return runtime;
  }

  async remove(idOrName: string): Promise<void> {
    const runtime = this.get(idOrName);
    this.setDesired(runtime, 'stopped');
    await runtime.stop();
    this.runtimes.delete(runtime.id);
    this.store.remove(runtime.id);
    this.connections.forget(runtime.id);
    this.deps.bus.emit('service.changed', { service_id: runtime.id, name: runtime.record.name, status: 'removed' });
  }

  private setDesired(runtime: ServiceRuntime, desired: 'running' | 'stopped'): void {
    if (runtime.record.desired_state === desired) return;
    runtime.record = { ...runtime.record, desired_state: desired };
    this.store.update(runtime.record);
  }

  private addRuntime(record: ServiceRecord): ServiceRuntime {
    const runtime = new ServiceRuntime(record, {
      config: this.deps.config,
      logs: this.logs,
      health: this.health,
      logger: this.deps.logger,
      changed: (changed) => this.announce(changed),
      down: (serviceId, reason) => {
        for (const listener of this.downListeners) listener(serviceId, reason);
      },
      persist: (next) => {
        // Only the runtime's own field: the record may have been edited meanwhile.
        const current = this.store.get(next.id);
        if (current) this.store.update({ ...current, started_at: next.started_at });
      },
    });
    this.runtimes.set(record.id, runtime);
    return runtime;
  }

  private announce(runtime: ServiceRuntime): void {
    this.deps.bus.emit('service.changed', { service_id: runtime.id, name: runtime.record.name, status: runtime.status, health: runtime.health?.status ?? 'unknown' });
  }
}

const loopback = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);
const sameHost = (a: string, b: string) => a === b || (loopback.has(a) && loopback.has(b));


