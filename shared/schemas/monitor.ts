import { z } from 'zod';

/** `metrics:` in the config: how often the gateway samples its agents, and how much it keeps. */
export const metricsConfigSchema = z.strictObject({
  /** Seconds between samples of every agent (0 turns sampling off); fractions allowed for tests. */
  sampleIntervalS: z.number().min(0).max(3_600).default(15),
  /** Samples older than this are deleted. */
  retentionHours: z.number().positive().max(24 * 365).default(24),
  /** At most this many samples are kept (the oldest go first). */
  maxSamples: z.number().int().min(100).max(10_000_000).default(200_000),
});
export type MetricsConfig = z.infer<typeof metricsConfigSchema>;

/** `coordination:` in the config: coordination lock leases. */
export const coordinationConfigSchema = z.strictObject({
  /** How long a lock lasts unless its owner's heartbeat (coordination.heartbeat) renews it. */
  leaseSeconds: z.number().positive().max(86_400).default(60),
  /** How long coordination.lock waits when the caller gives no `timeout`. */
  defaultWaitSeconds: z.number().min(0).max(3_600).default(30),
  /** Callers that may wait for one lock at once; one more is refused (-40305). */
  maxWaiters: z.number().int().positive().max(100_000).default(1_000),
});
export type CoordinationConfig = z.infer<typeof coordinationConfigSchema>;

export const agentStatuses = ['stopped', 'starting', 'running', 'busy', 'idle', 'error', 'stopping'] as const;
export type AgentStatus = (typeof agentStatuses)[number];

/** The spec's AgentMetrics. A figure the platform cannot give is null, never a made-up 0. */
export interface AgentMetrics {
  agent_id: string;
  timestamp: string;
  status: AgentStatus;
  cpu_percent: number | null;
  memory_mb: number | null;
  disk_io_kb: number | null;
  network_io_kb: number | null;
  response_time_ms: number | null;
  error_count: number | null;
  task_count: number | null;
  uptime_seconds: number | null;
}

export const metricTypes = ['cpu_percent', 'memory_mb', 'disk_io_kb', 'network_io_kb', 'response_time_ms', 'error_count', 'task_count', 'uptime_seconds'] as const;
export type MetricType = (typeof metricTypes)[number];

/** One coordination lock as the dashboard shows it. */
export interface LockView {
  lock_id: string;
  lock_name: string;
  lock_type: 'shared' | 'exclusive';
  owner: string;
  acquired_at: string;
  expires_at: string;
  /** Callers waiting for this lock name, in order. */
  waiting: number;
}

/** Who made a state-changing call. */
export const actorKinds = ['management', 'task', 'agent', 'session', 'desktop'] as const;
export type ActorKind = (typeof actorKinds)[number];

export interface AuditEntry {
  id: number;
  ts: string;
  actor_kind: ActorKind;
  /** `management token`, `task task_…`, `agent research-1 (tok_…)`, `ui session`, `desktop app`. */
  actor: string;
  /** `rest`, `rpc`, `ui`, `mcp`… */
  face: string;
  /** `POST /tasks`, `env.switch`, `agents.update`. */
  action: string;
  target: string | null;
  /** `ok`, or the error code. */
  outcome: string;
}
