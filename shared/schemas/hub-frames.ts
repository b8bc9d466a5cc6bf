/*
 * The hub's wire types (specs/001) without zod, so that the agent client and its type
 * declarations carry no schema library. The zod schemas that validate them are in hub.ts.
 */

export type ContentBlock = { type: string; text?: string; [key: string]: unknown };

/** The spec's Agent Card; agent_id, agent_name and capabilities also update the registry entry. */
export interface AgentCard {
  agent_id?: string;
  agent_name?: string;
  agent_type?: string;
  capabilities?: string[];
  description?: string;
  version?: string;
  owner?: { user_id?: string; device_id?: string; [key: string]: unknown };
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The spec's error codes, each with the HTTP status the /gateway/* face answers it with. */
export const hubErrorStatus = {
  AGENT_NOT_FOUND: 404,
  INVALID_MESSAGE: 400,
  TIMEOUT: 504,
  UNAUTHORIZED: 401,
  RATE_LIMIT: 429,
} as const;
export type HubErrorCode = keyof typeof hubErrorStatus;

/** Close codes the hub uses on an agent's socket. */
export const hubCloseCodes = { replaced: 4000, heartbeatTimeout: 4001, tokenRevoked: 4003, stopping: 1001 } as const;

/** Frames the gateway sends. */
export type OutboundFrame =
  | { type: 'connected'; agent_id: string; session_id: string; heartbeat_interval: number; heartbeat_timeout: number; server_time: string }
  | { type: 'heartbeat_ack'; timestamp: string }
  | { type: 'message'; message_id: string; from_agent_id: string; conversation_id: string; content: ContentBlock[]; metadata: Record<string, unknown>; timestamp: string }
  | { type: 'ack'; message_id: string; status: 'delivered'; conversation_id: string; timestamp: string }
  | { type: 'error'; code: HubErrorCode; message: string; message_id?: string }
  | { type: 'result'; conversation_id: string; success: boolean; result: unknown; metadata: Record<string, unknown>; from_agent_id: string; message_id: string; timestamp: string }
  | { type: 'task'; task_id: string; conversation_id: string; prompt: string; options: Record<string, unknown>; metadata: Record<string, unknown> }
  | { type: 'cancel'; task_id: string };

/** One stored agent-to-agent message (a `send`, or a `result`), as the dashboard shows it. */
export interface HubMessageView {
  message_id: string;
  kind: 'message' | 'result';
  conversation_id: string;
  from_agent_id: string;
  to_agent_id: string;
  /** The text blocks joined (or the result as text), cut for display. */
  text: string;
  success: boolean | null;
  metadata: Record<string, unknown>;
  timestamp: string;
}

export interface ConversationView {
  conversation_id: string;
  participants: string[];
  message_count: number;
  started_at: string;
  updated_at: string;
  last: HubMessageView | null;
}
