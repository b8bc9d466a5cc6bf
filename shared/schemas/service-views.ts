import type { HealthStatus, ServiceConfig, ServiceLogLevel, ServiceRule, ServiceStatus } from './services.js';

/** Agent services (specs/004) as the API and the dashboard show them; times are ISO 8601. */

export interface ServiceHealthView {
  status: HealthStatus;
  last_check: string | null;
  response_time_ms: number | null;
  error?: string;
}

export interface ServiceSummaryView {
  service_id: string;
  name: string;
  description: string;
  host: string;
  port: number;
  endpoint: string;
  status: ServiceStatus;
  tags: string[];
  created_at: string;
  started_at: string | null;
  health: HealthStatus;
  stats: { total_connections: number; active_sessions: number; uptime_seconds: number };
}

export interface ServiceStatsView {
  total_connections: number;
  active_connections: number;
  peak_connections: number;
  total_sessions: number;
  active_sessions: number;
  completed_sessions: number;
  avg_session_duration: number;
  memory_usage_mb: number;
  cpu_usage_percent: number;
  error_count: number;
  error_rate: number;
  uptime_seconds: number;
}

export interface ServiceDetailView extends Omit<ServiceSummaryView, 'stats' | 'health'> {
  agent_factory_path: string | null;
  command: string | null;
  args: string[];
  config: ServiceConfig;
  stats: ServiceStatsView;
  health: ServiceHealthView;
  supervision: {
    pid: number | null;
    restarts: number;
    crashes: number;
    next_restart_at: string | null;
    last_exit: { code: number | null; signal: string | null; at: string; error?: string } | null;
    endpoint_dialed: string;
  };
}

export interface ServiceHealthCheckView {
  status: HealthStatus;
  timestamp: string;
  response_time_ms: number | null;
  error: string | null;
}

export interface ServiceLogView {
  id: number;
  service_id: string;
  timestamp: string;
  level: ServiceLogLevel;
  stream: 'stdout' | 'stderr';
  message: string;
}

export interface ServiceConnectionView {
  connection_id: string;
  session_id: string;
  client_ip: string;
  target_service_id: string;
  status: 'active' | 'closed';
  connected_at: string;
  last_activity: string;
  bytes_sent: number;
  bytes_received: number;
  message_count: number;
}

export type ServiceRouteTest =
  | { routed: true; matched_rule: { rule_id: string; name: string } | null; target_service: string; service_id: string; service_endpoint: string; routing_strategy: string }
  | { routed: false; matched_rule: { rule_id: string; name: string } | null; error: { code: string; message: string } };

export type { ServiceRule };
