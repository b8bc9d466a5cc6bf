import { z } from 'zod';

/** Agent services (specs/004): long-running agent servers the gateway supervises and proxies. */

export const serviceStatuses = ['stopped', 'starting', 'running', 'stopping', 'restarting', 'error', 'crash_loop'] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];
export const healthStatuses = ['healthy', 'unhealthy', 'unknown'] as const;
export type HealthStatus = (typeof healthStatuses)[number];
export const routingStrategies = ['least_connections', 'round_robin', 'random', 'weighted'] as const;
export type RoutingStrategy = (typeof routingStrategies)[number];
export const ruleOperators = ['equals', 'not_equals', 'contains', 'prefix', 'regex', 'in'] as const;
export const serviceLogLevels = ['debug', 'info', 'warn', 'error'] as const;
export type ServiceLogLevel = (typeof serviceLogLevels)[number];

const tag = z.string().trim().min(1).max(64);
const serviceName = z.string().trim().min(1).max(128).regex(/^[\w.@-]+$/, 'letters, digits, _ . @ - only');

/** The spec's four fields and ours: all optional in an update (`PUT /services/{id}/config`). */
export const serviceConfigSchema = z.strictObject({
  max_sessions: z.number().int().min(1).max(1_000_000).default(100),
  /** Seconds a client may stay idle before its session is closed. */
  session_timeout: z.number().int().min(1).max(7 * 86_400).default(1800),
  auto_restart: z.boolean().default(true),
  health_check_enabled: z.boolean().default(true),
  /** Seconds between health checks. */
  health_check_interval: z.number().min(0.1).max(3_600).default(30),
  /** An HTTP path checked instead of a WebSocket open+close (`/healthz`). */
  health_path: z.string().startsWith('/').max(512).optional(),
  /** Wrap each client message in `{proxy_metadata, original_message}` (the spec's default). */
  wrap_messages: z.boolean().default(true),
  /** Share of traffic under the `weighted` strategy. */
  weight: z.number().int().min(1).max(1_000).default(1),
});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
export const serviceConfigUpdateSchema = serviceConfigSchema.partial().strict();

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

export const registerServiceSchema = z.strictObject({
  name: serviceName,
  description: z.string().max(2_000).default(''),
  /** What to run: `.py` with python3, `.js`/`.mjs` with node, anything else as an executable. */
  agent_factory_path: z.string().min(1).max(4_096).optional(),
  /** Or an explicit program and arguments (never through a shell). */
  command: z.string().min(1).max(4_096).optional(),
  args: z.array(z.string().max(8_192)).max(256).default([]),
  cwd: z.string().min(1).max(4_096).optional(),
  env: z.record(envName, z.string().max(65_536)).default({}),
  host: z.string().min(1).max(255).default('127.0.0.1'),
  /** Omitted: the gateway picks a free port. */
  port: z.number().int().min(1).max(65_535).optional(),
  tags: z.array(tag).max(64).default([]),
  config: serviceConfigSchema.prefault({}),
  /** Start it once registered (the CLI's `register --start`). */
  start: z.boolean().default(false),
}).refine((body) => body.agent_factory_path || body.command, { message: 'agent_factory_path or command is required', path: ['agent_factory_path'] });
export type RegisterService = z.infer<typeof registerServiceSchema>;

export const ruleConditionSchema = z.strictObject({
  field: z.string().regex(/^(header\.[\w-]+|query\.[\w.-]+|client_ip)$/, 'header.<name>, query.<name> or client_ip'),
  operator: z.enum(ruleOperators),
  value: z.union([z.string().max(1_024), z.array(z.string().max(1_024)).max(256)]),
});
export type RuleCondition = z.infer<typeof ruleConditionSchema>;

export const serviceRuleInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(128),
  /** Higher first. */
  priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  conditions: z.array(ruleConditionSchema).max(32).default([]),
  target_strategy: z.enum(routingStrategies).default('least_connections'),
  target_tags: z.array(tag).min(1).max(32),
  enabled: z.boolean().default(true),
});

/** A stored rule (config key `serviceRouting.rules`). */
export const serviceRuleSchema = serviceRuleInputSchema.extend({
  rule_id: z.string().min(1).max(64),
  created_at: z.string().optional(),
});
export type ServiceRule = z.infer<typeof serviceRuleSchema>;

/** Config section `services:` — supervision knobs shared by every service. */
export const servicesConfigSchema = z.strictObject({
  /** The interpreter for a `.py` agent_factory_path (a path, or a name looked up on PATH). */
  python: z.string().min(1).default('python3'),
  /** SIGTERM, then SIGKILL after this long. */
  stopGraceMs: z.number().int().min(0).max(120_000).default(5_000),
  /** How long a started service has to open its port. */
  startTimeoutMs: z.number().int().min(100).max(600_000).default(15_000),
  backoffInitialMs: z.number().int().min(1).max(600_000).default(1_000),
  backoffMaxMs: z.number().int().min(1).max(3_600_000).default(60_000),
  /** A service running this long without crashing is back to the first backoff step. */
  backoffResetMs: z.number().int().min(1).max(86_400_000).default(60_000),
  /** This many crashes within `crashLoopWindowMs` stop auto-restart (status `crash_loop`). */
  crashLoopFailures: z.number().int().min(1).max(1_000).default(5),
  crashLoopWindowMs: z.number().int().min(1).max(86_400_000).default(300_000),
  healthCheckTimeoutMs: z.number().int().min(10).max(120_000).default(5_000),
  /** Log lines kept per service (oldest dropped). */
  logRetentionLines: z.number().int().min(100).max(10_000_000).default(20_000),
  /** Health checks kept per service. */
  healthHistory: z.number().int().min(10).max(100_000).default(1_000),
  /** Seconds between stats samples (connections, sessions, CPU, memory); 0 turns sampling off. */
  sampleIntervalS: z.number().min(0).max(3_600).default(10),
  /** Sample retention. */
  retentionHours: z.number().min(1).max(24 * 90).default(24),
});
export type ServicesConfig = z.infer<typeof servicesConfigSchema>;

export const serviceRoutingConfigSchema = z.strictObject({
  rules: z.array(serviceRuleSchema).default([]),
});
