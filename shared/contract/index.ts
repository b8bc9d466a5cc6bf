import { z } from 'zod';
import { adapterIds, agentConfigSchema, patchAgentSchema } from '../schemas/agent.js';
import { providerSchema, routeSchema } from '../schemas/config.js';
import { requestQueryShape } from '../schemas/request-log.js';
import { catalogLayers, controlBodySchema } from '../schemas/orchestration.js';
import { taskStatuses, type TaskStatus } from '../schemas/task.js';
import { method, type MethodSpec } from './define.js';
import type { ActiveEnvView, EnvPresetView, EnvSnapshot } from '../schemas/env-presets.js';
export type { ActiveEnvView, EnvPresetView, EnvSnapshot } from '../schemas/env-presets.js';
import { serviceLogLevels, serviceRuleInputSchema, type ServiceRule } from '../schemas/services.js';
import type { ServiceConnectionView, ServiceDetailView, ServiceHealthCheckView, ServiceLogView, ServiceRouteTest } from '../schemas/service-views.js';
export type { ServiceConnectionView, ServiceDetailView, ServiceHealthCheckView, ServiceLogView, ServiceRouteTest } from '../schemas/service-views.js';
export type { ServiceRule } from '../schemas/services.js';
import type { AgentMetrics, AuditEntry, LockView } from '../schemas/monitor.js';
import { searchModes, type MemoryConfig, type MemorySearchResult, type MemoryStatus } from '../schemas/memory.js';
export type { MemoryConfig, MemoryHit, MemorySearchResult, MemorySource, MemoryStatus, TaskMemoryChunk } from '../schemas/memory.js';
export type { AgentMetrics, AuditEntry, LockView } from '../schemas/monitor.js';
import type {
  ActiveTask,
  AgentInfo,
  Catalog,
  ControlResult,
  MessageResult,
  RuntimeTask,
  TaskTreeNode,
  ConfigStatus,
  ConversationView,
  GatewayStatus,
  HubMessageView,
  ProviderView,
  RequestBodies,
  RequestLogEntry,
  RouteConfig,
  RouteTestResult,
  SettingsView,
  SpaceDetail,
  SpaceView,
  TaskEvent,
  TaskRouteDecision,
  TaskView,
  UsagePoint,
  UsageTotals,
} from './views.js';

export * from './views.js';

const empty = z.strictObject({});
const id = z.strictObject({ id: z.string().min(1) });

/** A provider edit from the UI: `apiKey` omitted keeps the stored key; '' removes it. */
export const providerInputSchema = providerSchema.extend({ apiKey: z.string().optional() });

/**
 * THE UI contract: every method the renderer may call — input schema, output type — and
 * every event it may receive. electron/main binds each method to ipcMain.handle in one
 * loop, the preload exposes one function per method, and the gateway serves the same
 * table at POST /api/<method> for the browser face.
 */
export const contract = {
  'gateway.status': method<GatewayStatus>()(empty),
  'gateway.setPaused': method<GatewayStatus>()(z.strictObject({ paused: z.boolean() }), { desktopOnly: true }),

  'agents.list': method<AgentInfo[]>()(empty),
  'agents.register': method<AgentInfo>()(z.strictObject({ agent: agentConfigSchema.extend({ adapter: z.enum(adapterIds) }) })),
  'agents.update': method<AgentInfo>()(z.strictObject({ id: z.string().min(1), patch: patchAgentSchema })),
  'agents.detect': method<AgentInfo>()(id),
  'agents.remove': method<{ removed: true }>()(id),

  'tasks.list': method<{ tasks: TaskView[]; total: number }>()(
    z.strictObject({
      status: z.enum(taskStatuses).optional(),
      agent: z.string().min(1).optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).default(0),
    }),
  ),
  'tasks.get': method<TaskView>()(id),
  'tasks.events': method<TaskEvent[]>()(z.strictObject({ id: z.string().min(1), after: z.number().int().min(0).default(0) })),
  'tasks.submit': method<{ task_id: string; status: string; message: string }>()(
    z.strictObject({
      task: z.string().trim().min(1, 'Describe the task').max(200_000),
      target: z.string().min(1).default('gateway'),
      cwd: z.string().min(1).optional(),
      isolation: z.enum(['none', 'worktree']).optional(),
      capabilities: z.array(z.string().min(1)).optional(),
      spaceId: z.string().min(1).optional(),
      timeoutSeconds: z.number().int().positive().optional(),
      model: z.string().min(1).optional(),
      /** Fan-out: the same task to each of these agents (then `target` is not used). */
      agents: z.array(z.string().min(1)).min(2, 'Pick at least two agents to fan out to').max(16).optional(),
      mode: z.enum(['parallel', 'sequential']).optional(),
    }),
  ),
  /** Tasks an agent is working on now (fan-out children included), so a busy agent can link to them. */
  'tasks.active': method<ActiveTask[]>()(empty),
  'tasks.cancel': method<{ task_id: string; status: string }>()(id),
  'tasks.rerun': method<{ task_id: string; status: string; message: string }>()(id),

  'providers.list': method<ProviderView[]>()(empty),
  'providers.save': method<ProviderView>()(z.strictObject({ provider: providerInputSchema, previousId: z.string().optional() })),
  'providers.remove': method<{ removed: true }>()(id),
  'providers.test': method<{ ok: boolean; latencyMs: number; message: string }>()(id),

  'routes.list': method<RouteConfig[]>()(empty),
  'routes.save': method<RouteConfig[]>()(z.strictObject({ routes: z.array(routeSchema) })),
  'routes.test': method<RouteTestResult>()(z.strictObject({ model: z.string().min(1) })),
  /** Which agent a task sent to `gateway` would go to, by the task rules (`routing:`), and why. */
  'taskRules.test': method<TaskRouteDecision>()(z.strictObject({ task: z.string().trim().min(1, 'Describe the task'), capabilities: z.array(z.string().min(1)).default([]) })),

  'usage.totals': method<UsageTotals[]>()(
    z.strictObject({ groupBy: z.enum(['model', 'provider', 'agent', 'day']), since: z.number().int().min(0).default(0) }),
  ),
  'usage.series': method<UsagePoint[]>()(
    z.strictObject({ by: z.enum(['model', 'provider', 'agent']), bucket: z.enum(['hour', 'day']), since: z.number().int().min(0).default(0) }),
  ),
  /** The request log (Usage → Requests): newest first, `before` the last id of the previous page. */
  'usage.requests': method<RequestLogEntry[]>()(z.strictObject(requestQueryShape)),
  'usage.request': method<RequestLogEntry & { bodies: RequestBodies | null }>()(z.strictObject({ id: z.number().int().positive() })),

  'hub.conversations': method<ConversationView[]>()(z.strictObject({ limit: z.number().int().min(1).max(500).default(50) })),
  'hub.messages': method<HubMessageView[]>()(z.strictObject({ conversationId: z.string().min(1), limit: z.number().int().min(1).max(1_000).default(200) })),

  'spaces.list': method<SpaceView[]>()(empty),
  'spaces.create': method<SpaceView>()(z.strictObject({ metadata: z.record(z.string(), z.unknown()).default({}) })),
  /** A space with its history (newest first) and its tasks. */
  'spaces.get': method<SpaceDetail>()(id),

  'config.status': method<ConfigStatus>()(empty),

  /** Space memory: search one space, several or all (`spaces` null), the index and embedding backlog, its settings. */
  'memory.search': method<MemorySearchResult>()(
    z.strictObject({
      q: z.string().trim().min(1).max(4_000),
      spaces: z.array(z.string().min(1)).nullable().default(null),
      mode: z.enum(searchModes).default('hybrid'),
      limit: z.number().int().min(1).max(100).default(20),
    }),
  ),
  'memory.status': method<MemoryStatus>()(empty),
  'memory.settings': method<MemoryConfig>()(empty),
  /** Sets the memory settings the dashboard shows; `embeddingModel` null turns vectors off. */
  'memory.configure': method<MemoryConfig>()(
    z.strictObject({
      embeddingModel: z.string().trim().min(1).nullable().optional(),
      contextChunks: z.number().int().min(0).max(50).optional(),
      contextChars: z.number().int().min(0).max(200_000).optional(),
    }),
  ),

  /** Env presets (specs/003): the configured presets and what each agent runs with; switch, snapshot, roll back. */
  'env.presets': method<{ presets: EnvPresetView[]; active: ActiveEnvView[] }>()(empty),
  'env.switch': method<{ previous_preset: string; current_preset: string; snapshot_id?: string; switched_at: string }>()(
    z.strictObject({ agentId: z.string().min(1).optional(), preset: z.string().min(1), createSnapshot: z.boolean().default(false) }),
  ),
  'env.snapshots': method<{ snapshots: EnvSnapshot[]; total_count: number }>()(z.strictObject({ agentId: z.string().min(1).optional() })),
  'env.snapshot': method<EnvSnapshot>()(z.strictObject({ agentId: z.string().min(1).optional(), description: z.string().max(2_000).optional() })),
  'env.rollback': method<{ snapshot: EnvSnapshot; rolled_back_at: string }>()(z.strictObject({ snapshotId: z.string().min(1), force: z.boolean().default(false) })),

  /** The Monitor view: agent metrics samples (as metrics.query), coordination locks held, the audit log. */
  'monitor.metrics': method<{ metrics: Partial<AgentMetrics>[]; total_count: number }>()(
    z.strictObject({ agentId: z.string().min(1).optional(), since: z.number().int().min(0).default(0), interval: z.number().positive().max(86_400).optional() }),
  ),
  'monitor.locks': method<LockView[]>()(empty),
  'audit.list': method<{ entries: AuditEntry[]; total: number }>()(z.strictObject({ limit: z.number().int().min(1).max(500).default(100), beforeId: z.number().int().positive().optional() })),
  // Orchestration (specs/002): the same service as /api/v1/message and /api/v1/agents/*.
  'orchestration.catalog': method<Catalog>()(z.strictObject({ layer: z.enum(catalogLayers).default('summary') })),
  /** A message to the orchestrator (never to another agent: the dashboard is no test route). */
  'orchestration.message': method<MessageResult>()(
    z.strictObject({ message: z.string().trim().min(1, 'Write a message').max(200_000), sessionId: z.string().trim().min(1).max(200).optional() }),
  ),
  'orchestration.control': method<ControlResult>()(controlBodySchema),
  /** The orchestrator's recent top-level tasks, newest first. */
  'orchestration.runs': method<RuntimeTask[]>()(z.strictObject({ limit: z.number().int().min(1).max(100).default(20) })),
  'orchestration.tree': method<TaskTreeNode>()(z.strictObject({ taskId: z.string().min(1) })),

  /** The Services view (specs/004): agent services, their logs and connections, and the service rules ("Service rules"). */
  /** Each with its last health checks, oldest first (the sparkline). */
  'services.list': method<(ServiceDetailView & { health_history: ServiceHealthCheckView[] })[]>()(empty),
  'services.get': method<{ service: ServiceDetailView; health: ServiceHealthCheckView[]; connections: ServiceConnectionView[] }>()(z.strictObject({ id: z.string().min(1) })),
  'services.action': method<ServiceDetailView>()(z.strictObject({ id: z.string().min(1), action: z.enum(['start', 'stop', 'restart']) })),
  /** Newest `limit` lines after `afterId` (live tail), or an FTS5 search when `query` is given. */
  'serviceLogs.list': method<ServiceLogView[]>()(
    z.strictObject({ id: z.string().min(1), level: z.enum(serviceLogLevels).optional(), afterId: z.number().int().min(0).optional(), query: z.string().min(1).max(1_000).optional(), limit: z.number().int().min(1).max(1_000).default(200) }),
  ),
  'serviceConnections.disconnect': method<{ connection_id: string }>()(z.strictObject({ id: z.string().min(1), reason: z.string().max(120).default('Disconnected from the dashboard') })),
  'serviceRules.list': method<ServiceRule[]>()(empty),
  'serviceRules.save': method<ServiceRule>()(z.strictObject({ id: z.string().min(1).optional(), rule: serviceRuleInputSchema })),
  'serviceRules.delete': method<{ rule_id: string }>()(z.strictObject({ id: z.string().min(1) })),
  'serviceRules.test': method<ServiceRouteTest>()(
    z.strictObject({ headers: z.record(z.string(), z.string()).default({}), query: z.record(z.string(), z.string()).default({}), client_ip: z.string().default('127.0.0.1') }),
  ),

  'settings.get': method<SettingsView>()(empty),
  'settings.revealToken': method<{ token: string }>()(empty),
  'settings.rotateToken': method<{ token: string }>()(empty),
  'settings.connect': method<{ message: string; path: string | null }>()(
    z.strictObject({ client: z.enum(['codex', 'claude']), write: z.boolean().default(true) }),
  ),
  'settings.setLaunchAtLogin': method<SettingsView>()(z.strictObject({ enabled: z.boolean() }), { desktopOnly: true }),
} satisfies Record<string, MethodSpec<z.ZodType, unknown>>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = NonNullable<Contract[M]['output']>;
export const methodNames = Object.keys(contract) as MethodName[];

/** Events pushed to the UI (IPC in Electron, SSE at /api/events in a browser). */
export interface ContractEvents {
  'task.status': { task_id: string; status: TaskStatus; agent: string | null; error?: string | null; space_id?: string | null };
  'task.event': TaskEvent;
  'task.submitted': { task_id: string; assigned_agents: string[]; parent_id: string | null };
  'agents.changed': { id: string };
  'providers.changed': { id?: string };
  'usage.recorded': { provider: string | null; requestedModel: string | null; agentId?: string | null; costUsd: number; status: number };
  'quota.alert': { provider: string; level: 'warning' | 'exhausted'; summary: string };
  /** The config file broke (an edit was refused) or was fixed. */
  'config.status': ConfigStatus;
  /** An agent-to-agent message or result routed by the WebSocket hub (text cut for display). */
  'hub.message': HubMessageView;
  /** An agent (or `*`) was switched to another env preset, or rolled back. */
  'env.changed': { agent_id: string; preset: string };
  /** A state-changing call was audited. */
  'audit.recorded': { id: number; action: string };
  /** An agent service was registered, removed, or changed status or health. */
  'services.changed': { service_id: string; status: string };
  /** Space memory's index or embedding backlog moved (at most four times a second). */
  'memory.status': MemoryStatus;
}
export type EventName = keyof ContractEvents;
export const eventNames: EventName[] = ['task.status', 'task.event', 'task.submitted', 'agents.changed', 'providers.changed', 'usage.recorded', 'quota.alert', 'config.status', 'hub.message', 'env.changed', 'audit.recorded', 'services.changed', 'memory.status'];

/** Channel names on the IPC bus, derived so that main and preload cannot disagree. */
export const invokeChannel = (name: MethodName) => `mesh:invoke:${name}`;
export const eventChannel = (name: EventName) => `mesh:event:${name}`;

/** `tasks.submit` -> `tasksSubmit`; `task.status` -> `onTaskStatus`: the preload's names. */
export const methodKey = (name: string) => name.replace(/\.(\w)/g, (_, letter: string) => letter.toUpperCase());
export const eventKey = (name: string) => `on${methodKey(name).replace(/^\w/, (letter) => letter.toUpperCase())}`;
