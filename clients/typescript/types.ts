import type { AgentCard, ContentBlock, HubErrorCode, OutboundFrame } from '../../shared/schemas/hub-frames.js';

export type { AgentCard, ContentBlock, HubErrorCode };

/** Frames the gateway sends, by type. */
export type FrameOf<T extends OutboundFrame['type']> = Extract<OutboundFrame, { type: T }>;
export type ConnectedFrame = FrameOf<'connected'>;
export type AckFrame = FrameOf<'ack'>;
/** A message from another agent (or from POST /gateway/send). */
export type IncomingMessage = FrameOf<'message'>;
/** The answer to a conversation this agent opened. */
export type IncomingResult = FrameOf<'result'>;
/** A task the gateway gives this agent. */
export type IncomingTask = FrameOf<'task'>;

export interface GatewayClientOptions {
  /** `ws://host:port` (or http://); `/gateway/connect` is added when the URL has no path. */
  gatewayUrl: string;
  agentId: string;
  agentName?: string;
  capabilities?: string[];
  /** Reconnect after a drop, with backoff and jitter (default true). */
  autoReconnect?: boolean;
  /** Seconds before the first reconnect attempt; doubled per failed attempt (default 5). */
  reconnectInterval?: number;
  /** Longest wait between attempts, in seconds (default 60). */
  maxReconnectInterval?: number;
  /** The management token or a per-agent token (`agentmesh agent token create ID`). */
  token?: string;
  /** Sent after every (re)connect. */
  card?: AgentCard;
  /** Tasks the gateway may give this agent at once (default 1). */
  maxConcurrent?: number;
  /** Seconds `request()` waits for a result unless told otherwise (default 60). */
  requestTimeout?: number;
}

export type ClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface SendOptions {
  conversationId?: string;
  metadata?: Record<string, unknown>;
}

export interface TaskContext {
  /** Aborted when the gateway cancels the task (cancel, timeout). */
  signal: AbortSignal;
  /** Reports progress: shown as task events, the percent as the task's progress. */
  progress(update: string | { text?: string; percent?: number }): void;
}

/** A handler's return value is the result (sent for you); a throw is a failed result. Return undefined to answer later or not at all. */
export type MessageHandler = (message: IncomingMessage) => unknown;
export type ResultHandler = (result: IncomingResult) => void;
export type TaskHandler = (task: IncomingTask, context: TaskContext) => unknown;

/** An `error` frame, a refused connection, or a timeout, with the spec's code when there is one. */
export class GatewayError extends Error {
  constructor(
    readonly code: HubErrorCode | 'DISCONNECTED' | 'CLOSED' | string,
    message: string,
    readonly messageId?: string,
    /** The HTTP status when the gateway refused the connection. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}
