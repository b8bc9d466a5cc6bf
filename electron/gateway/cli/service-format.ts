import { table } from './format.js';

/* Human output of `agentmesh service …` / `myagent-manager …` (the API's JSON with --json). */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const mb = (value: number | null | undefined) => (value ? `${value.toFixed(1)} MB` : '-');
const pct = (value: number | null | undefined) => (value ? `${value.toFixed(1)}%` : '-');

export function formatServices(services: Json[]): string {
  if (services.length === 0) return 'No services registered.';
  return table(
    ['NAME', 'STATUS', 'HEALTH', 'ENDPOINT', 'TAGS', 'SESSIONS', 'CONNECTIONS', 'UPTIME'],
    services.map((service) => [
      service.name, service.status, service.health ?? '', service.endpoint, service.tags.join(','), String(service.stats.active_sessions), String(service.stats.total_connections), `${service.stats.uptime_seconds}s`,
    ]),
  );
}

export function formatService(service: Json): string {
  const { stats, health, config, supervision } = service;
  const lines = [
    `${service.name} (${service.service_id})`,
    `  status       ${service.status}${supervision.pid ? ` (pid ${supervision.pid})` : ''}`,
    `  endpoint     ${service.endpoint}`,
    `  runs         ${service.command ? [service.command, ...service.args].join(' ') : service.agent_factory_path}`,
    `  tags         ${service.tags.join(', ') || '-'}`,
    `  health       ${health.status}${health.response_time_ms !== null ? ` (${health.response_time_ms} ms)` : ''}${health.last_check ? ` at ${health.last_check}` : ''}`,
    `  config       max_sessions ${config.max_sessions}, session_timeout ${config.session_timeout}s, auto_restart ${config.auto_restart}, health_check ${config.health_check_enabled ? `every ${config.health_check_interval}s` : 'off'}`,
    `  connections  ${stats.active_connections} active, ${stats.total_connections} total, peak ${stats.peak_connections}`,
    `  sessions     ${stats.active_sessions} active, ${stats.completed_sessions} completed, avg ${stats.avg_session_duration}s`,
    `  resources    CPU ${pct(stats.cpu_usage_percent)}, memory ${mb(stats.memory_usage_mb)}`,
    `  errors       ${stats.error_count} (rate ${stats.error_rate})`,
    `  restarts     ${supervision.restarts}, crashes ${supervision.crashes}${supervision.next_restart_at ? `, next restart at ${supervision.next_restart_at}` : ''}`,
  ];
  if (supervision.last_exit) lines.push(`  last exit    code ${supervision.last_exit.code ?? '-'} signal ${supervision.last_exit.signal ?? '-'} at ${supervision.last_exit.at}`);
  return lines.join('\n');
}

export function formatOverview(overview: Json): string {
  const { services, connections, sessions, performance, resources } = overview;
  return [
    `services     ${services.total} total: ${services.running} running, ${services.stopped} stopped, ${services.error} in error`,
    `connections  ${connections.active} active, ${connections.total} total, peak ${connections.peak_today}`,
    `sessions     ${sessions.active} active, ${sessions.total_today} total, ${sessions.completed_today} completed`,
    `performance  health ${performance.avg_response_time_ms} ms avg, ${performance.throughput_per_minute} msg/min, error rate ${performance.error_rate}`,
    `resources    CPU ${pct(resources.total_cpu_percent)}, memory ${mb(resources.total_memory_mb)}`,
  ].join('\n');
}

/** One frame of `monitor`: a row per service with its live figures. */
export function formatMonitor(details: Json[], at: Date): string {
  const rows = details.map((service) => [
    service.name, service.status, service.health.status, String(service.stats.active_connections), String(service.stats.active_sessions), pct(service.stats.cpu_usage_percent), mb(service.stats.memory_usage_mb),
    service.health.response_time_ms === null ? '-' : `${service.health.response_time_ms} ms`, String(service.stats.error_count),
  ]);
  return `${at.toISOString()}\n${table(['NAME', 'STATUS', 'HEALTH', 'CONN', 'SESSIONS', 'CPU', 'MEMORY', 'CHECK', 'ERRORS'], rows)}`;
}

export const formatLogLine = (entry: Json) => `${entry.timestamp} ${entry.level.toUpperCase().padEnd(5)} ${entry.message}`;

export function formatConnections(connections: Json[]): string {
  if (connections.length === 0) return 'No connections.';
  return table(
    ['CONNECTION', 'SESSION', 'CLIENT', 'SERVICE', 'STATUS', 'CONNECTED', 'MESSAGES', 'SENT', 'RECEIVED'],
    connections.map((c) => [c.connection_id, c.session_id, c.client_ip, c.target_service_id, c.status, c.connected_at, String(c.message_count), String(c.bytes_sent), String(c.bytes_received)]),
  );
}

export function formatRules(rules: Json[]): string {
  if (rules.length === 0) return 'No service rules.';
  return table(
    ['NAME', 'PRIORITY', 'CONDITIONS', 'STRATEGY', 'TARGET TAGS', 'ENABLED', 'ID'],
    rules.map((rule) => [
      rule.name, String(rule.priority), rule.conditions.map((c: Json) => `${c.field} ${c.operator} ${Array.isArray(c.value) ? c.value.join('|') : c.value}`).join(' and ') || '(always)',
      rule.target_strategy, rule.target_tags.join(','), rule.enabled ? 'yes' : 'no', rule.rule_id,
    ]),
  );
}
