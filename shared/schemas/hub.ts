import { z } from 'zod';
import { agentIdSchema } from './agent.js';
import type { AgentCard } from './hub-frames.js';

export * from './hub-frames.js';

/*
 * The WebSocket agent hub (specs/001): the frames agents and the gateway exchange on
 * /gateway/connect, and the bodies of the /gateway/* HTTP face. Names and shapes are the
 * spec's (snake_case); times are ISO 8601 strings.
 */

/** `hub:` in the config document. Intervals are seconds (fractions allowed, so tests can shorten them). */
export const hubConfigSchema = z
  .strictObject({
    heartbeatInterval: z.number().positive().max(3_600).default(30),
    /** No heartbeat (or other frame) for this long marks the agent offline and closes its socket. */
    heartbeatTimeout: z.number().positive().max(7_200).default(60),
    /** Largest frame an agent may send; a bigger one closes its socket with 1009. */
    maxMessageBytes: z.number().int().min(1_024).max(64 * 1024 * 1024).default(1024 * 1024),
    /** Per agent: send, result and progress frames (and POST /gateway/send per from_agent_id). */
    rateLimit: z.strictObject({ perSecond: z.number().positive().default(100), burst: z.number().int().positive().default(200) }).prefault({}),
    /** Agent-to-agent messages kept in SQLite; older ones are deleted. */
    messageRetention: z.number().int().min(0).max(10_000_000).default(10_000),
    /** A stored message's body is cut to this many bytes (the delivered one never is). */
    storedMessageBytes: z.number().int().min(256).default(16 * 1024),
    maxAgents: z.number().int().positive().default(10_000),
  })
  .refine((hub) => hub.heartbeatTimeout > hub.heartbeatInterval, { message: 'must be longer than heartbeatInterval', path: ['heartbeatTimeout'] });
export type HubConfig = z.infer<typeof hubConfigSchema>;

export const capabilitySchema = z.string().trim().min(1).max(64);
const idString = z.string().min(1).max(200);

export const contentBlockSchema = z
  .looseObject({ type: z.string().min(1).max(64), text: z.string().optional() })
  .refine((block) => block.type !== 'text' || typeof block.text === 'string', { message: 'a text block needs `text`' });
/** The spec's `[{type: "text", text}]`; a bare string is taken as one text block. */
export const contentSchema = z
  .union([z.string().transform((text) => [{ type: 'text', text }]), z.array(contentBlockSchema).min(1).max(256)])
  .pipe(z.array(z.looseObject({ type: z.string(), text: z.string().optional() })));

const metadataSchema = z.record(z.string(), z.unknown()).default({});

/** The spec's Agent Card; agent_id, agent_name and capabilities also update the registry entry. */
export const agentCardSchema: z.ZodType<AgentCard> = z.looseObject({
  agent_id: agentIdSchema.optional(),
  agent_name: z.string().max(200).optional(),
  agent_type: z.string().max(100).optional(),
  capabilities: z.array(capabilitySchema).max(64).optional(),
  description: z.string().max(4_000).optional(),
  version: z.string().max(100).optional(),
  owner: z.looseObject({ user_id: z.string().max(200).optional(), device_id: z.string().max(200).optional() }).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const sendFields = {
  to_agent_id: agentIdSchema,
  conversation_id: idString.optional(),
  content: contentSchema,
  metadata: metadataSchema,
};

/** Frames an agent sends. Unknown keys are ignored; an unknown `type` is INVALID_MESSAGE. */
export const inboundFrameSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('heartbeat'), timestamp: z.string().optional() }),
  z.looseObject({
    type: z.literal('send'),
    ...sendFields,
    /** Chosen by the client to match the ack; generated when absent. */
    message_id: idString.optional(),
    /** Optional; when present it must be the sender's own id (else UNAUTHORIZED). */
    from_agent_id: z.string().optional(),
  }),
  z.looseObject({ type: z.literal('result'), conversation_id: idString, success: z.boolean(), result: z.unknown().optional(), metadata: metadataSchema, message_id: idString.optional() }),
  z.looseObject({ type: z.literal('card'), card: agentCardSchema }),
  z.looseObject({ type: z.literal('progress'), task_id: idString, text: z.string().max(64_000).optional(), percent: z.number().min(0).max(100).optional() }),
]);
export type InboundFrame = z.infer<typeof inboundFrameSchema>;
export type SendFrame = Extract<InboundFrame, { type: 'send' }>;
export type ResultInFrame = Extract<InboundFrame, { type: 'result' }>;
export type ProgressFrame = Extract<InboundFrame, { type: 'progress' }>;
export const inboundFrameTypes = ['heartbeat', 'send', 'result', 'card', 'progress'] as const;

/** POST /gateway/send (a stateless client). */
export const httpSendSchema = z.looseObject({
  from_agent_id: agentIdSchema,
  ...sendFields,
  /** Hold the request until the receiver's result for this conversation (or 504 TIMEOUT). */
  wait_for_result: z.boolean().default(false),
  timeout_ms: z.number().int().positive().max(600_000).default(30_000),
});
export type HttpSend = z.infer<typeof httpSendSchema>;

