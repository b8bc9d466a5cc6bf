import type { ServiceDetailView, ServiceHealthView, ServiceSummaryView } from '../../../shared/schemas/service-views.js';
import type { ServiceManager } from './service-manager.js';
import type { ServiceRuntime } from './service-runtime.js';
import type { ServiceSampler } from './service-sampler.js';
import { endpointOf } from './proxied-client.js';

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

const uptimeSeconds = (runtime: ServiceRuntime) => (runtime.runningSince ? Math.round((Date.now() - runtime.runningSince) / 1_000) : 0);

/** A service in `GET /services` (the spec's list item). */
export function serviceSummary(runtime: ServiceRuntime, manager: ServiceManager): ServiceSummaryView {
  const { record } = runtime;
  const counters = manager.connections.counter(runtime.id);
  return {
    service_id: record.id,
    name: record.name,
    description: record.description,
    host: record.host,
    port: record.port,
    endpoint: `ws://${record.host}:${record.port}`,
    status: runtime.status,
    tags: record.tags,
    created_at: record.created_at,
    started_at: runtime.status === 'running' ? record.started_at : null,
    health: runtime.health?.status ?? 'unknown',
    stats: { total_connections: counters.total_connections, active_sessions: manager.connections.activeSessions(runtime.id), uptime_seconds: uptimeSeconds(runtime) },
  };
}

/** `GET /services/{id}`: config, the spec's stats, health, and how the supervisor sees it. */
export function serviceDetail(runtime: ServiceRuntime, manager: ServiceManager, sampler: ServiceSampler): ServiceDetailView {
  const { record } = runtime;
  const counters = manager.connections.counter(runtime.id);
  const usage = sampler.usage(runtime.id);
  const active = manager.connections.activeCount(runtime.id);
  return {
    ...serviceSummary(runtime, manager),
    agent_factory_path: record.agent_factory_path,
    command: record.command,
    args: record.args,
    config: record.config,
    stats: {
      total_connections: counters.total_connections,
      active_connections: active,
      peak_connections: counters.peak_connections,
      total_sessions: counters.total_sessions,
      active_sessions: manager.connections.activeSessions(runtime.id),
      completed_sessions: counters.completed_sessions,
      avg_session_duration: counters.completed_sessions ? round(counters.session_seconds / counters.completed_sessions, 1) : 0,
      memory_usage_mb: usage?.memoryMb ?? 0,
      cpu_usage_percent: usage?.cpuPercent ?? 0,
      error_count: counters.error_count,
      error_rate: counters.total_connections ? round(counters.error_count / counters.total_connections, 3) : 0,
      uptime_seconds: uptimeSeconds(runtime),
    },
    health: healthView(runtime),
    supervision: {
      pid: runtime.pid ?? null,
      restarts: runtime.restarts,
      crashes: runtime.crashes,
      next_restart_at: runtime.nextRestartAt ? new Date(runtime.nextRestartAt).toISOString() : null,
      last_exit: runtime.lastExit ?? null,
      endpoint_dialed: endpointOf(runtime),
    },
  };
}

export function healthView(runtime: ServiceRuntime): ServiceHealthView {
  return {
    status: runtime.status === 'running' ? (runtime.health?.status ?? 'unknown') : runtime.health ? 'unhealthy' : 'unknown',
    last_check: runtime.health?.timestamp ?? null,
    response_time_ms: runtime.health?.response_time_ms ?? null,
    ...(runtime.health?.error ? { error: runtime.health.error } : {}),
  };
}

/** `GET /stats/overview`. */
export function statsOverview(manager: ServiceManager, sampler: ServiceSampler) {
  const runtimes = manager.list();
  const count = (...statuses: string[]) => runtimes.filter((runtime) => statuses.includes(runtime.status)).length;
  const counters = runtimes.map((runtime) => manager.connections.counter(runtime.id));
  const sum = (pick: (counter: (typeof counters)[number]) => number) => counters.reduce((total, counter) => total + pick(counter), 0);
  const times = runtimes.flatMap((runtime) => (runtime.health?.response_time_ms != null && runtime.status === 'running' ? [runtime.health.response_time_ms] : []));
  const usages = runtimes.map((runtime) => sampler.usage(runtime.id));
  const totalConnections = sum((counter) => counter.total_connections);
  const activeSessions = runtimes.reduce((total, runtime) => total + manager.connections.activeSessions(runtime.id), 0);
  return {
    services: { total: runtimes.length, running: count('running'), stopped: count('stopped'), error: count('error', 'crash_loop') },
    connections: { total: totalConnections, active: manager.connections.totalActive(), peak_today: Math.max(0, ...counters.map((counter) => counter.peak_connections)) },
    sessions: { total_today: sum((counter) => counter.total_sessions), active: activeSessions, completed_today: sum((counter) => counter.completed_sessions) },
    performance: {
      avg_response_time_ms: times.length ? round(times.reduce((a, b) => a + b, 0) / times.length) : 0,
      throughput_per_minute: sampler.throughputPerMinute(),
      error_rate: totalConnections ? round(sum((counter) => counter.error_count) / totalConnections, 3) : 0,
    },
    resources: {
      total_memory_mb: round(usages.reduce((total, usage) => total + (usage?.memoryMb ?? 0), 0)),
      total_cpu_percent: round(usages.reduce((total, usage) => total + (usage?.cpuPercent ?? 0), 0)),
    },
  };
}
