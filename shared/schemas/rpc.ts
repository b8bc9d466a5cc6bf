import { z } from 'zod';
import { agentIdSchema } from './agent.js';
import { presetNameSchema } from './env-presets.js';
import { agentStatuses, metricTypes } from './monitor.js';

/*
 * Params of the JSON-RPC 2.0 manager at /rpc (specs/003, aiswitch): the spec's names, in
 * snake_case. Unknown keys are tolerated (a newer client may send more); wrong types are not.
 */

export const PROTOCOL_VERSION = '1.0.0';

/** Where a model agent's call goes: each adapter type speaks its own protocol to the gateway. */
export const modelAdapterTypes = ['claude', 'openai', 'generic'] as const;
export type ModelAdapterType = (typeof modelAdapterTypes)[number];

const isoTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'an ISO 8601 time');
const seconds = z.number().positive().max(86_400);

/** A task id a caller may choose (the spec's Task.id); ours are `task_<uuid>`. */
export const rpcTaskIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'letters, digits, ".", "_", ":", "@" or "-"');

/** The spec's Task. `timeout` is seconds (30 by default, as in the spec); `priority` 1 (low) to 10 (high). */
export const rpcTaskSchema = z.looseObject({
  id: rpcTaskIdSchema.optional(),
  prompt: z.string().min(1, 'task.prompt must not be empty').max(200_000),
  system_prompt: z.string().max(200_000).nullish(),
  max_tokens: z.number().int().positive().max(1_000_000).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  timeout: seconds.default(30),
  priority: z.number().int().min(1).max(10).default(5),
  metadata: z.record(z.string(), z.unknown()).default({}),
  created_at: isoTime.optional(),
  chain_mode: z.boolean().default(false),
  context: z.string().max(200_000).nullish(),
});
export type RpcTask = z.infer<typeof rpcTaskSchema>;

export const coordinationModes = ['strict', 'loose', 'isolated'] as const;

/** A model agent's settings (`agent.register` with adapter_type claude, openai or generic). */
export const modelAgentSettingsSchema = z.looseObject({
  model: z.string().min(1).max(200).optional(),
  system_prompt: z.string().max(200_000).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().max(1_000_000).optional(),
  name: z.string().max(200).optional(),
  capabilities: z.array(z.string().min(1).max(64)).max(64).optional(),
  max_concurrent: z.number().int().min(1).max(64).optional(),
});

const agentRef = z.looseObject({ agent_id: agentIdSchema });

export const rpcParams = {
  'agent.initialize': z.looseObject({
    agent_id: agentIdSchema,
    protocol_version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a semantic version such as 1.0.0'),
    supported_features: z.array(z.string().min(1).max(64)).max(64).default([]),
  }),
  'agent.register': z.looseObject({
    agent_id: agentIdSchema,
    adapter_type: z.string().min(1).max(64),
    config: z.record(z.string(), z.unknown()).nullish(),
  }),
  'agent.shutdown': agentRef.extend({ force: z.boolean().default(false), timeout: seconds.optional() }),
  'agent.restart': agentRef.extend({ preserve_state: z.boolean().default(true), timeout: seconds.optional() }),
  'agent.status': agentRef,
  'task.execute': z.looseObject({
    agent_ids: z.array(agentIdSchema).min(1).max(16),
    task: rpcTaskSchema,
    mode: z.enum(['parallel', 'sequential']).default('parallel'),
  }),
  'task.assign': z.looseObject({
    task: rpcTaskSchema,
    coordination_mode: z.enum(coordinationModes).default('loose'),
    dependencies: z.array(rpcTaskIdSchema).max(64).default([]),
  }),
  'task.cancel': z.looseObject({ task_id: rpcTaskIdSchema, reason: z.string().max(2_000).optional() }),
  'task.status': z.looseObject({ task_id: rpcTaskIdSchema }),
  'task.result': z.looseObject({ task_id: rpcTaskIdSchema, include_metadata: z.boolean().default(false) }),
  'env.switch': z.looseObject({
    agent_id: agentIdSchema.optional(),
    preset: presetNameSchema,
    /** Names and values are checked by the env service: a bad one is -40205, environment validation failed. */
    variables: z.record(z.string(), z.unknown()).optional(),
    create_snapshot: z.boolean().default(false),
  }),
  'env.snapshot': z.looseObject({
    agent_id: agentIdSchema.optional(),
    snapshot_id: z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'letters, digits, ".", "_", ":", "@" or "-"').optional(),
    description: z.string().max(2_000).optional(),
  }),
  'env.rollback': z.looseObject({ snapshot_id: z.string().min(1).max(128), force: z.boolean().default(false) }),
  'env.list_snapshots': z.looseObject({ agent_id: z.union([agentIdSchema, z.literal('*')]).optional() }),
  'metrics.report': z.looseObject({
    metrics: z.looseObject({
      agent_id: agentIdSchema,
      timestamp: isoTime.optional(),
      status: z.enum(agentStatuses),
      ...Object.fromEntries(metricTypes.map((type) => [type, z.number().min(0).nullish()])),
    }),
    additional_data: z.record(z.string(), z.unknown()).optional(),
  }),
  'metrics.query': z.looseObject({
    agent_id: agentIdSchema.optional(),
    start_time: isoTime.optional(),
    end_time: isoTime.optional(),
    metric_types: z.array(z.enum(metricTypes)).min(1).optional(),
    aggregation: z.enum(['avg', 'max', 'min', 'sum']).optional(),
    interval: z.number().positive().max(86_400 * 31).optional(),
    limit: z.number().int().min(1).max(10_000).default(1_000),
  }),
  'tokens.usage': z.looseObject({
    task_id: rpcTaskIdSchema,
    usage: z.looseObject({
      input_tokens: z.number().int().min(0),
      output_tokens: z.number().int().min(0),
      total_tokens: z.number().int().min(0).optional(),
      cost_usd: z.number().min(0).optional(),
      model: z.string().min(1).max(200).optional(),
    }),
  }),
  'tokens.summary': z.looseObject({
    agent_id: agentIdSchema.optional(),
    timeframe: z.enum(['hour', 'day', 'week', 'month']).optional(),
    start_time: isoTime.optional(),
    end_time: isoTime.optional(),
  }),
  'coordination.lock': z.looseObject({
    lock_name: z.string().min(1).max(500),
    timeout: z.number().min(0).max(3_600).optional(),
    lock_type: z.enum(['shared', 'exclusive']).default('exclusive'),
    /** Extension: the lease in seconds (default coordination.leaseSeconds), and the agent that holds it. */
    ttl: seconds.optional(),
    agent_id: agentIdSchema.optional(),
  }),
  'coordination.unlock': z.looseObject({ lock_id: z.string().min(1).max(200) }),
  'coordination.heartbeat': z.looseObject({
    agent_id: agentIdSchema,
    status: z.enum(agentStatuses),
    current_tasks: z.array(z.string().min(1).max(200)).max(1_000).optional(),
  }),
  'event.subscribe': z.looseObject({
    event_types: z.array(z.string().min(1).max(200)).min(1).max(100),
    filter: z.record(z.string(), z.unknown()).optional(),
  }),
  'event.unsubscribe': z.looseObject({ subscription_id: z.string().min(1).max(200) }),
  'event.publish': z.looseObject({
    event_type: z.string().min(1).max(200),
    data: z.unknown(),
    timestamp: isoTime.optional(),
    agent_id: agentIdSchema.optional(),
  }),
} as const;

export type RpcMethodName = keyof typeof rpcParams;
export type RpcParams<M extends RpcMethodName> = z.output<(typeof rpcParams)[M]>;
export const rpcMethodNames = Object.keys(rpcParams) as RpcMethodName[];

/** The spec's TokenUsage. */
export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cost_usd?: number;
  model?: string;
}

/** The spec's TaskStatus; our `interrupted` (the gateway stopped mid-task) reads `failed`. */
export type RpcTaskStatus = 'pending' | 'assigned' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timeout';

/** The spec's TaskResult. */
export interface TaskResult {
  task_id: string;
  success: boolean;
  result: string | null;
  error: string | null;
  tokens_used: TokenUsage | null;
  execution_time_ms: number;
  completed_at: string;
  metadata: Record<string, unknown>;
}
