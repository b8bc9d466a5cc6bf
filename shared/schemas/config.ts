import { z } from 'zod';
import { serviceRoutingConfigSchema, servicesConfigSchema } from './services.js';
import { validAgentSchema } from './agent.js';
import { envPresetSchema, presetNameSchema } from './env-presets.js';
import { hubConfigSchema } from './hub.js';
import { memorySchema } from './memory.js';
import { coordinationConfigSchema, metricsConfigSchema } from './monitor.js';
import { balanceSchema, budgetsSchema, quotaSchema } from './quota.js';
import { taskRoutingSchema } from './task-routing.js';

export const providerTypes = ['openai-chat', 'openai-responses', 'anthropic'] as const;

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"');

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

export const providerSchema = z.strictObject({
  id,
  name: z.string().optional(),
  type: z.enum(providerTypes),
  baseUrl: httpUrl,
  /** Absent: the provider needs no key (a local server). Present but empty: "no key". */
  apiKey: z.string().optional(),
  models: z.array(z.string().min(1)).default([]),
  headers: z.record(z.string(), z.string()).optional(),
  rpm: z.number().int().positive().optional(),
  timeoutMs: z.number().int().positive().max(3_600_000).optional(),
  enabled: z.boolean().default(true),
  /** Where the remaining balance is read: a preset, a generic JSON fetcher, or false for none. */
  balance: balanceSchema.optional(),
  /** Models it serves at POST /v1/embeddings (routed to it like `models`; /v1/models marks them). */
  embeddingModels: z.array(z.string().min(1)).optional(),
  /** How it serves embeddings: `openai` (POST {baseUrl}/embeddings, the default) or `ollama` (POST /api/embed on the server's root). */
  embeddingsApi: z.enum(['openai', 'ollama']).optional(),
});

/** `provider` or `provider:model`; the part after the first colon may itself hold colons (qwen3:14b). */
export const targetSchema = z.string().min(1);

export const routeSchema = z.strictObject({
  match: z.string().min(1),
  to: z.array(targetSchema).min(1),
});

export const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
});

export const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(3000),
  token: z.string().optional(),
  /** The data directory (database, generated token); --data-dir wins, and this beats $AGENTMESH_DATA_DIR. */
  dataDir: z.string().min(1).optional(),
  /** Extra Host header names accepted besides loopback (e.g. a LAN name when bound wider). */
  allowedHosts: z.array(z.string()).default([]),
  headersTimeoutMs: z.number().int().positive().default(15_000),
  requestTimeoutMs: z.number().int().positive().default(120_000),
});

export const resilienceSchema = z.strictObject({
  retries: z.number().int().min(0).max(5).default(1),
  retryBaseMs: z.number().int().min(0).default(200),
  maxRetryAfterMs: z.number().int().min(0).default(10_000),
  breakerThreshold: z.number().int().positive().default(5),
  breakerCooldownMs: z.number().int().positive().default(30_000),
  defaultTimeoutMs: z.number().int().positive().default(600_000),
  firstByteTimeoutMs: z.number().int().positive().default(120_000),
});

const MB = 1024 * 1024;

/** Bounds on what one client, one upstream or one CLI can cost the gateway. */
export const limitsSchema = z.strictObject({
  /** How long an agent CLI may take to print its version before it is reported offline. */
  agentDetectTimeoutMs: z.number().int().positive().max(120_000).default(5_000),
  /** Unsent bytes an SSE or WebSocket event consumer may hold before it is dropped. */
  eventClientBufferBytes: z.number().int().min(64 * 1024).default(8 * MB),
  /** How often /events sends its `heartbeat` event (keeps proxies from closing an idle stream). */
  eventHeartbeatMs: z.number().int().min(1_000).max(300_000).default(15_000),
  /** Longest SSE line (and data of one event) read from an upstream stream. */
  sseLineBytes: z.number().int().positive().default(16 * MB),
  /** Largest non-streaming upstream response body. */
  upstreamBodyBytes: z.number().int().positive().default(64 * MB),
  /** Sum of the request bodies of every model call in flight; beyond it a call gets 503 with Retry-After. */
  inflightRequestBytes: z.number().int().positive().default(256 * MB),
});

/** The gateway's own log (stderr always; with `dir`, a daily JSON-lines file) and the request log's bodies. */
export const loggingSchema = z.strictObject({
  /** debug | info | warn | error; the --log-level flag wins. */
  level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  /** Where `gateway-YYYY-MM-DD.log` files are written (relative: from the directory the gateway starts in). */
  dir: z.string().min(1).optional(),
  /** How many days of files are kept, today's included. */
  keepDays: z.number().int().min(1).max(3_650).default(7),
  /** Keep each call's request and response body, redacted and cut to `bodyMaxBytes`. Off: no body is ever stored. */
  bodies: z.boolean().default(false),
  bodyMaxBytes: z.number().int().min(1024).max(16 * MB).default(64 * 1024),
  /** How many calls keep their bodies; older ones lose them (the row itself stays). */
  keepBodies: z.number().int().min(1).max(100_000).default(200),
});

/** Orchestration (specs/002): which agent directs the others. */
export const orchestrationSchema = z.strictObject({
  /**
   * The agent POST /api/v1/message goes to, and the one that runs with the runtime tools.
   * Default: the first enabled Codex agent, else the first Claude Code agent.
   */
  orchestrator: z.string().min(1).optional(),
  /** How long one runtime tool call may last (a blocking dispatch waits for its task). */
  toolTimeoutSeconds: z.number().int().positive().max(86_400).default(3_600),
});

export const tasksSchema = z.strictObject({
  /**
   * Directories a task's `options.cwd` must resolve inside (symlinks followed; `~` is the
   * home directory). Absent: the home directory and the system temp directory.
   */
  allowedRoots: z.array(z.string().min(1)).optional(),
  /** The most of a file a task changed that its shared space keeps as an artifact (and of one posted to the API). */
  artifactMaxBytes: z.number().int().positive().max(64 * 1024 * 1024).default(1024 * 1024),
});

export const configSchema = z
  .strictObject({
    server: serverSchema.prefault({}),
    providers: z.array(providerSchema).default([]),
    routes: z.array(routeSchema).default([]),
    /** The model a call that names none is served as. */
    defaultModel: z.string().min(1).optional(),
    /** Model names clients may ask for, each standing for another (`gpt-5.4: deepseek-v4-pro`); resolved before routing. */
    aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
    prices: z.record(z.string(), priceSchema).default({}),
    resilience: resilienceSchema.prefault({}),
    agents: z.array(validAgentSchema).default([]),
    /** List the agent CLIs found on PATH (claude, codex, gemini, opencode, openclaw) beside `agents:`. */
    detectAgents: z.boolean().default(true),
    /** Task rules: which agent a task for `gateway` goes to (keywords, priority, default agent). */
    routing: taskRoutingSchema.prefault({}),
    tasks: tasksSchema.prefault({}),
    quota: quotaSchema.prefault({}),
    budgets: budgetsSchema.prefault({}),
    limits: limitsSchema.prefault({}),
    /** The WebSocket agent hub (/gateway/connect). */
    hub: hubConfigSchema.prefault({}),
    logging: loggingSchema.prefault({}),
    /** Space memory: full-text and vector search over spaces, and relevant context for tasks. */
    memory: memorySchema.prefault({}),
    /** Env presets: named variable sets the agents this gateway spawns can be switched to (env.switch). */
    presets: z.record(presetNameSchema, envPresetSchema).default({}),
    /** Agent sampling for metrics.query and the Monitor view. */
    metrics: metricsConfigSchema.prefault({}),
    /** Coordination lock leases (coordination.lock). */
    coordination: coordinationConfigSchema.prefault({}),
    /** Agent services (specs/004): supervision, health checks, logs, stats. */
    services: servicesConfigSchema.prefault({}),
    /** Service rules: which agent service a proxied WebSocket client reaches (not model `routes`, not task `routing.rules`). */
    serviceRouting: serviceRoutingConfigSchema.prefault({}),
    orchestration: orchestrationSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.providers.forEach((provider, index) => {
      if (seen.has(provider.id)) {
        ctx.addIssue({ code: 'custom', path: ['providers', index, 'id'], message: `duplicate provider id "${provider.id}"` });
      }
      seen.add(provider.id);
    });
    const agentIds = new Set<string>();
    config.agents.forEach((agent, index) => {
      if (agentIds.has(agent.id)) ctx.addIssue({ code: 'custom', path: ['agents', index, 'id'], message: `duplicate agent id "${agent.id}"` });
      agentIds.add(agent.id);
    });
    for (const providerId of Object.keys(config.budgets.providers)) {
      if (!seen.has(providerId)) ctx.addIssue({ code: 'custom', path: ['budgets', 'providers', providerId], message: `unknown provider "${providerId}"` });
    }
    config.routes.forEach((route, routeIndex) => {
      route.to.forEach((target, targetIndex) => {
        const providerId = splitTarget(target).provider;
        if (!seen.has(providerId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['routes', routeIndex, 'to', targetIndex],
            message: `unknown provider "${providerId}"`,
          });
        }
      });
    });
  });

/** `deepseek:deepseek-chat` -> provider deepseek, model deepseek-chat; `ollama` -> no model. */
export function splitTarget(target: string): { provider: string; model?: string } {
  const colon = target.indexOf(':');
  return colon === -1 ? { provider: target } : { provider: target.slice(0, colon), model: target.slice(colon + 1) };
}

export type ProviderConfig = z.infer<typeof providerSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type PriceConfig = z.infer<typeof priceSchema>;
export type ServerConfig = z.infer<typeof serverSchema>;
export type ResilienceConfig = z.infer<typeof resilienceSchema>;
export type LimitsConfig = z.infer<typeof limitsSchema>;
export type TasksConfig = z.infer<typeof tasksSchema>;
export type LoggingConfig = z.infer<typeof loggingSchema>;
/** The part of `logging:` the gateway's own log file follows. */
export type LogConfig = Pick<LoggingConfig, 'level' | 'dir' | 'keepDays'>;
export type OrchestrationConfig = z.infer<typeof orchestrationSchema>;
export type GatewayConfig = z.infer<typeof configSchema>;
export type ProviderType = (typeof providerTypes)[number];

/** Turns zod issues into one line per bad field, each naming its path: `providers.0.type: …`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
