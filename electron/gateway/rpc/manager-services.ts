import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import { ModelAgents, type ModelAgentRecord } from '../agents/model-agents.js';
import { AuditLog } from '../audit/audit-log.js';
import { LockService } from '../coordination/lock-service.js';
import { Presence } from '../coordination/presence.js';
import { EnvService } from '../env/env-service.js';
import { SecretBox } from '../env/secret-box.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import { MetricStore } from '../metrics/metric-store.js';
import { NetworkMeter } from '../metrics/network-meter.js';
import { TaskStats } from '../metrics/task-stats.js';
import type { ProviderStates } from '../models/providers/provider-states.js';
import { resolveChain } from '../models/routing/router.js';
import type { Db } from '../store/database.js';
import { ModelTaskRuns } from '../tasks/model-runs.js';
import type { TaskManagerDeps } from '../tasks/task-manager.js';

export interface ManagerCoreDeps {
  db: Db;
  config: () => GatewayConfig;
  bus: EventBus<GatewayEvents>;
  logger: Logger;
  agents: AgentRegistry;
  providers: ProviderStates;
  dataDir: string;
  gatewayAccess(taskId: string): { url: string; token: string } | undefined;
}

/** The multi-agent manager's services (specs/003), shared by the JSON-RPC, UI and CLI faces. */
export interface ManagerCore {
  modelAgents: ModelAgents;
  env: EnvService;
  locks: LockService;
  presence: Presence;
  network: NetworkMeter;
  audit: AuditLog;
  metrics: MetricStore;
  stats: TaskStats;
  /** What the task manager gets from here: model runs, the env overlay, strict locks. */
  taskHooks: Pick<TaskManagerDeps, 'modelRuns' | 'agentForRun' | 'beforeRun'>;
}

export function createManagerCore(deps: ManagerCoreDeps): ManagerCore {
  const env: EnvService = new EnvService({ db: deps.db, config: deps.config, agents: deps.agents, bus: deps.bus, box: new SecretBox(deps.dataDir), addSecret: (value) => deps.logger.addSecret(value, 8) });
  const modelAgents = new ModelAgents(deps.db, (record) => modelUnavailable(record, env.presetModel(record.id, record.adapterType) ?? record.model, deps));
  deps.agents.setModels(modelAgents);
  const locks = new LockService(deps.db, () => deps.config().coordination, deps.bus);
  return {
    modelAgents,
    env,
    locks,
    presence: new Presence(deps.db),
    network: new NetworkMeter(),
    audit: new AuditLog(deps.db, deps.bus),
    metrics: new MetricStore(deps.db, () => deps.config().metrics),
    stats: new TaskStats(deps.db),
    taskHooks: {
      modelRuns: new ModelTaskRuns({ agent: (id) => modelAgents.get(id), presetModel: (id, type) => env.presetModel(id, type), gatewayAccess: deps.gatewayAccess }),
      agentForRun: (agent) => env.overlay(agent),
      // `strict` coordination: the task holds an exclusive lock on its directory while it runs.
      async beforeRun(task, agentId, signal, note) {
        if (task.options.coordination !== 'strict') return undefined;
        const dir = task.cwd ?? deps.agents.configOf(agentId)?.cwd;
        if (!dir) return undefined;
        const timeoutS = (task.options.timeout as number | undefined) ?? 3_600;
        note(`waiting for the exclusive lock on ${dir}`);
        const lease = await locks.acquire({ name: `cwd:${dir}`, type: 'exclusive', owner: `task:${task.id}`, waitMs: timeoutS * 1_000, leaseMs: (timeoutS + 60) * 1_000, signal });
        note(`holds the exclusive lock on ${dir} (${lease.lockId})`);
        return () => {
          try {
            locks.release(lease.lockId);
          } catch {
            // Its lease ran out first: nothing left to release.
          }
        };
      },
    },
  };
}

/** Why a model agent cannot take a call now: no model, no route for it, or every provider of its chain down. */
function modelUnavailable(record: ModelAgentRecord, model: string | null, deps: ManagerCoreDeps): string | undefined {
  if (!model) return 'no model: register it with config.model (or switch it to a preset that sets AGENTMESH_MODEL)';
  let targets;
  try {
    targets = resolveChain(deps.config(), model).targets;
  } catch (error) {
    return (error as Error).message;
  }
  if (targets.length === 0) return `no enabled provider serves '${model}'`;
  const reasons = targets.map((target) => deps.providers.unavailableReason(target.provider));
  if (reasons.every(Boolean)) return `every provider for '${model}' is unavailable: ${targets.map((target, index) => `${target.provider.id} (${reasons[index]})`).join(', ')}`;
  return undefined;
}
