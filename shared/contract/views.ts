import type { AgentInfo } from '../schemas/agent.js';
import type { ProviderType, RouteConfig } from '../schemas/config.js';
import type { CostSource, TaskEvent, TaskRecord, TaskStatus, TaskUsage } from '../schemas/task.js';
import type { ConversationView, HubMessageView } from '../schemas/hub.js';
import type { TaskRouteDecision } from '../schemas/task-routing.js';
import type { Catalog, CatalogAgent, CatalogLayer, ControlResult, MessageResult, RuntimeTask, TaskTreeNode } from '../schemas/orchestration.js';

export type { AgentInfo, TaskEvent, TaskRecord, RouteConfig, ConversationView, HubMessageView, TaskRouteDecision };
export type { Catalog, CatalogAgent, CatalogLayer, ControlResult, MessageResult, RuntimeTask, TaskTreeNode };

/** A provider as the UI sees it: the key masked, never whole. */
export interface ProviderView {
  id: string;
  name: string;
  type: ProviderType;
  baseUrl: string;
  models: string[];
  rpm: number | null;
  timeoutMs: number | null;
  enabled: boolean;
  /** `sk-…abcd`, or null when there is none. */
  keyPreview: string | null;
  /** The key comes from an environment variable (`${VAR}`) rather than a stored value. */
  keyFromEnv: string | null;
  available: boolean;
  reason: string | null;
  /** Its config names an unset variable: `apiKey uses ${NOT_SET_KEY}, which is not set`. */
  configWarning: string | null;
  circuit: 'closed' | 'open' | 'half-open';
  balance: { amount: number | null; currency: string | null; usedPercent: number | null; resetsAt: string | null; summary: string } | null;
}

export interface TaskView extends TaskRecord {
  events_url: string;
  /** Where `usage` comes from (a fan-out parent: its children's sources); null while none is known. */
  cost_source: CostSource | null;
  results?: { task_id: string; agent: string | undefined; status: string; result: string | null; error: string | null; usage: TaskUsage; cost_source: CostSource | null }[];
}

export interface RouteTargetView {
  provider: string;
  model: string;
  available: boolean;
  reason: string | null;
}

export interface RouteTestResult {
  model: string;
  rule: string | null;
  targets: RouteTargetView[];
  error: string | null;
}

export interface UsageTotals {
  key: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
}

export interface UsagePoint {
  bucket: string;
  key: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  requests: number;
}

export interface SpaceView {
  shared_space_id: string;
  message_count: number;
  artifact_count: number;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** One entry of a space's history: a message (a task's prompt or an agent's answer) or an artifact. */
export type SpaceHistoryEntry =
  | { kind: 'message'; role: 'user' | 'agent'; author: string | null; task_id: string | null; content: string; created_at: string }
  | { kind: 'artifact'; name: string; change: string | null; task_id: string | null; created_at: string };

export interface SpaceDetail {
  space: SpaceView;
  /** Newest first. */
  history: SpaceHistoryEntry[];
  /** The space's top-level tasks, newest first. */
  tasks: TaskView[];
}

/** A task an agent is working on now. */
export interface ActiveTask {
  task_id: string;
  agent: string;
  status: TaskStatus;
  prompt: string;
  started_at: string | null;
}

export interface SettingsView {
  url: string;
  host: string;
  port: number;
  dataDir: string;
  tokenPreview: string;
  desktop: boolean;
  launchAtLogin: boolean | null;
  paused: boolean;
  configPath: string | null;
}

/**
 * The config file the gateway runs on, and the edit in it that was refused, if any. While
 * `error` is set the gateway keeps its last good config and refuses dashboard saves, which
 * would otherwise overwrite the user's edit.
 */
export interface ConfigStatus {
  /** null when the config lives in the desktop app's settings store. */
  path: string | null;
  error: { message: string; line: number | null } | null;
}

export interface GatewayStatus {
  url: string;
  running: boolean;
  paused: boolean;
  providers: { id: string; available: boolean; reason?: string }[];
  agents: { id: string; state: string }[];
}

/** A target a model call moved past, and why (out of balance, circuit open, the upstream failed…). */
export interface RequestFallback {
  provider: string;
  model: string | null;
  reason: string;
}

/** One model call through the gateway, as the request log shows it. */
export interface RequestLogEntry {
  id: number;
  /** Epoch milliseconds. */
  ts: number;
  /** The caller's User-Agent. */
  client: string | null;
  /** The protocol the call came in on: chat, responses or messages. */
  inbound: string;
  requestedModel: string | null;
  provider: string | null;
  upstreamModel: string | null;
  fallbacks: RequestFallback[];
  status: number;
  error: string | null;
  latencyMs: number;
  ttfbMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  attempts: number;
  stream: boolean;
  agentId: string | null;
  taskId: string | null;
  /** Bodies were kept for it (`logging.bodies`), readable one call at a time. */
  hasBodies: boolean;
}

/** A call's bodies, redacted and cut to `logging.bodyMaxBytes`; null once retention dropped them. */
export interface RequestBodies {
  request: string | null;
  response: string | null;
}
