import type { ConfigStatus } from '../../../shared/contract/views.js';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { MemoryStatus } from '../../../shared/schemas/memory.js';
import type { TaskEvent, TaskStatus } from '../../../shared/schemas/task.js';
import type { RuntimeCatalogEvent, RuntimeControlEvent, RuntimeDispatchEvent, RuntimeStatusEvent } from '../../../shared/schemas/orchestration.js';
import type { HubMessageRecord } from '../hub/message-store.js';
import type { UsageRow } from '../store/usage-ledger.js';

export interface GatewayEvents extends Record<string, unknown> {
  'config.changed': { config: GatewayConfig };
  'config.rejected': { message: string };
  /** The config file started or stopped holding a refused edit. */
  'config.file': ConfigStatus;
  'usage.recorded': UsageRow;
  'provider.circuit': { provider: string; state: 'closed' | 'open' | 'half-open' };
  /** A local model server started or stopped answering, or a connection test changed a provider's health. */
  'provider.probed': { provider: string };
  'agent.changed': { id: string };
  /** An agent was registered over the API (agentmesh 1.x's `agent.registered`). */
  'agent.registered': { id: string };
  /** A shared space gained a message or an artifact (agentmesh 1.x's `context.updated`). */
  'context.updated': { space_id: string; change: 'message' | 'artifact'; task_id: string | null; name?: string };
  // A provider or local subscription crossed quota.warnPercent / its warnBelow balance, ran out, or recovered.
  'quota.warning': { provider: string; summary: string; usedPercent?: number; balance?: number; currency?: string };
  'quota.exhausted': { provider: string; reason: string; summary: string };
  'quota.restored': { provider: string; summary: string };
  'budget.warning': BudgetEvent;
  'budget.exceeded': BudgetEvent;
  'task.submitted': { task_id: string; target: string; assigned_agents: string[]; space_id: string | null; parent_id: string | null };
  task_status: { task_id: string; status: TaskStatus; agent: string | null; space_id: string | null; error?: string | null };
  'task.event': TaskEvent & { space_id: string | null };
  'task.completed': { task_id: string; result: string | null; agent: string | null; space_id: string | null };
  'task.failed': { task_id: string; status: TaskStatus; error: string | null; agent: string | null; space_id: string | null };
  broadcast: { event: string; data: unknown };
  /** An agent-to-agent message or result the hub routed. */
  'hub.message': HubMessageRecord;
  /** Space memory's index or embedding backlog moved (at most four times a second). */
  'memory.status': MemoryStatus;
  /** A coordination lock was granted, released, or its lease ran out. */
  'coordination.lock': { action: 'acquired' | 'released' | 'expired'; lock_id: string; lock_name: string; lock_type: 'shared' | 'exclusive'; owner: string };
  /** An agent (or `*`, every agent without its own) was switched to an env preset, or rolled back. */
  'env.switched': { agent_id: string; previous_preset: string; current_preset: string; snapshot_id: string | null; rolled_back: boolean };
  /** An agent reported its own metrics (metrics.report). */
  'metrics.reported': { agent_id: string; status: string };
  /** An event a client published with JSON-RPC event.publish. */
  'rpc.event': { event_id: string; event_type: string; data: unknown; timestamp: string; agent_id: string | null };
  /** A state-changing call was written to the audit log. */
  'audit.recorded': { id: number; action: string };
  /** An agent service (specs/004) was registered, changed status or health, or was removed. */
  'service.changed': { service_id: string; name: string; status: string; health?: string };
  // Orchestration (specs/002 §4, group AGENT_RUNTIME).
  agent_runtime_catalog: RuntimeCatalogEvent;
  agent_runtime_dispatch: RuntimeDispatchEvent;
  agent_runtime_control: RuntimeControlEvent;
  agent_runtime_status: RuntimeStatusEvent;
}

export interface BudgetEvent {
  /** `overall:daily`, `provider:deepseek:monthly`, `agent:codex:daily`. */
  budget: string;
  scope: 'overall' | 'provider' | 'agent';
  id: string | null;
  period: 'daily' | 'monthly';
  spentUsd: number;
  limitUsd: number;
  summary: string;
}
