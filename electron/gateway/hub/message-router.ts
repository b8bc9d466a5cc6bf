import { randomUUID } from 'node:crypto';
import type { ContentBlock, HttpSend, HubConfig, ResultInFrame, SendFrame } from '../../../shared/schemas/hub.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { sendFrame, type AgentSessions, type Session } from './agent-sessions.js';
import { HubError } from './hub-error.js';
import type { HubMessageRecord, HubMessageStore } from './message-store.js';
import { RateBuckets } from './rate-buckets.js';

/** The task side of result routing: a `result` whose conversation is a running task ends that task. */
export interface TaskResults {
  handles(conversationId: string): boolean;
  complete(session: Session, frame: ResultInFrame): void;
}

export interface Delivered {
  message_id: string;
  status: 'delivered';
  conversation_id: string;
  timestamp: string;
}

type ResultPayload = { from_agent_id: string; message_id: string; success: boolean; result: unknown; metadata: Record<string, unknown>; timestamp: string };

interface Waiter {
  from: string;
  resolve(result: ResultPayload): void;
}

interface Message {
  to_agent_id: string;
  conversation_id?: string;
  content: ContentBlock[];
  metadata: Record<string, unknown>;
}

/** Conversations whose participants are remembered in memory; older ones are looked up in the store. */
const rememberedConversations = 100_000;
/** Unsent bytes an agent's socket may hold before messages to it are refused with TIMEOUT. */
const targetBufferLimit = 8 * 1024 * 1024;
const newMessageId = () => `msg-${randomUUID()}`;

/**
 * Routes `send` frames (and POST /gateway/send) to the target agent, and `result` frames
 * back to the agent that opened the conversation. Every routed message is stored and
 * announced on the bus ('hub.message'); every refusal is a HubError with the spec's code.
 */
export class MessageRouter {
  private readonly conversations = new Map<string, { opener: string; peer: string }>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly buckets: RateBuckets;

  constructor(
    private readonly deps: {
      sessions: AgentSessions;
      store: HubMessageStore;
      tasks: TaskResults;
      config: () => HubConfig;
      bus: EventBus<GatewayEvents>;
    },
  ) {
    this.buckets = new RateBuckets(() => deps.config().rateLimit);
  }

  /** Spends one of the agent's frames per second, or throws RATE_LIMIT. */
  charge(agentId: string, messageId?: string): void {
    if (this.buckets.take(agentId)) return;
    const { perSecond } = this.deps.config().rateLimit;
    throw new HubError('RATE_LIMIT', `Agent '${agentId}' is over its limit of ${perSecond} messages per second`, messageId);
  }

  fromAgent(session: Session, frame: SendFrame): void {
    const messageId = frame.message_id ?? newMessageId();
    if (frame.from_agent_id !== undefined && frame.from_agent_id !== session.agentId) {
      throw new HubError('UNAUTHORIZED', `This connection is agent '${session.agentId}'; it cannot send as '${frame.from_agent_id}'`, messageId);
    }
    const delivered = this.route(session.agentId, frame, messageId);
    sendFrame(session.socket, { type: 'ack', ...delivered });
  }

  /** POST /gateway/send; with wait_for_result, resolves with the receiver's result too (or throws TIMEOUT). */
  async fromHttp(body: HttpSend, gone: AbortSignal): Promise<Delivered & { result?: ResultPayload }> {
    const conversationId = body.conversation_id ?? `conv-${randomUUID()}`;
    if (body.wait_for_result && this.waiters.has(conversationId)) {
      throw new HubError('INVALID_MESSAGE', `A request is already waiting for the result of conversation '${conversationId}'`);
    }
    const delivered = this.route(body.from_agent_id, { ...body, conversation_id: conversationId }, newMessageId());
    if (!body.wait_for_result) return delivered;
    const result = await new Promise<ResultPayload | undefined>((resolve) => {
      const done = (value: ResultPayload | undefined) => {
        clearTimeout(timer);
        gone.removeEventListener('abort', abandon);
        this.waiters.delete(conversationId);
        resolve(value);
      };
      const timer = setTimeout(() => done(undefined), body.timeout_ms);
      const abandon = () => done(undefined);
      gone.addEventListener('abort', abandon, { once: true });
      this.waiters.set(conversationId, { from: body.from_agent_id, resolve: done });
    });
    if (!result) throw new HubError('TIMEOUT', `No result from '${body.to_agent_id}' within ${body.timeout_ms} ms`, delivered.message_id);
    return { ...delivered, result };
  }

  result(session: Session, frame: ResultInFrame): void {
    const messageId = frame.message_id ?? newMessageId();
    this.charge(session.agentId, messageId);
    const conversationId = frame.conversation_id;
    if (this.deps.tasks.handles(conversationId)) {
      this.deps.tasks.complete(session, frame);
      sendFrame(session.socket, { type: 'ack', message_id: messageId, status: 'delivered', conversation_id: conversationId, timestamp: new Date().toISOString() });
      return;
    }
    const conversation = this.conversations.get(conversationId) ?? this.deps.store.openerOf(conversationId);
    if (!conversation) throw new HubError('INVALID_MESSAGE', `No conversation '${conversationId}': a result answers a message that was sent to this agent`, messageId);
    if (session.agentId !== conversation.opener && session.agentId !== conversation.peer) {
      throw new HubError('UNAUTHORIZED', `Agent '${session.agentId}' is not part of conversation '${conversationId}'`, messageId);
    }
    const to = session.agentId === conversation.opener ? conversation.peer : conversation.opener;
    const timestamp = new Date().toISOString();
    const payload: ResultPayload = { from_agent_id: session.agentId, message_id: messageId, success: frame.success, result: frame.result ?? null, metadata: frame.metadata, timestamp };
    this.record({ message_id: messageId, kind: 'result', conversation_id: conversationId, from_agent_id: session.agentId, to_agent_id: to, success: frame.success, result: payload.result, metadata: frame.metadata, timestamp });
    const waiter = this.waiters.get(conversationId);
    if (waiter && waiter.from === to) waiter.resolve(payload);
    else {
      const target = this.deps.sessions.current(to);
      if (!target) throw new HubError('AGENT_NOT_FOUND', `Agent '${to}', which opened conversation '${conversationId}', is not connected; the result was stored`, messageId);
      sendFrame(target.socket, { type: 'result', conversation_id: conversationId, ...payload });
      this.deps.sessions.counted(to, 'received');
    }
    sendFrame(session.socket, { type: 'ack', message_id: messageId, status: 'delivered', conversation_id: conversationId, timestamp });
  }

  private route(from: string, message: Message, messageId: string): Delivered {
    this.charge(from, messageId);
    const to = message.to_agent_id;
    const target = this.deps.sessions.current(to);
    if (!target) throw new HubError('AGENT_NOT_FOUND', `Agent '${to}' is not connected to the hub`, messageId);
    if (target.socket.bufferedAmount > targetBufferLimit) throw new HubError('TIMEOUT', `Agent '${to}' is not reading its messages`, messageId);
    const conversationId = message.conversation_id ?? `conv-${randomUUID()}`;
    if (this.deps.tasks.handles(conversationId)) throw new HubError('INVALID_MESSAGE', `'${conversationId}' is a task; its agent answers it with a result`, messageId);
    if (!this.conversations.has(conversationId)) this.remember(conversationId, { opener: from, peer: to });
    const timestamp = new Date().toISOString();
    sendFrame(target.socket, { type: 'message', message_id: messageId, from_agent_id: from, conversation_id: conversationId, content: message.content, metadata: message.metadata, timestamp });
    this.deps.sessions.counted(from, 'sent');
    this.deps.sessions.counted(to, 'received');
    this.record({ message_id: messageId, kind: 'message', conversation_id: conversationId, from_agent_id: from, to_agent_id: to, content: message.content, metadata: message.metadata, timestamp });
    return { message_id: messageId, status: 'delivered', conversation_id: conversationId, timestamp };
  }

  private record(record: HubMessageRecord): void {
    this.deps.store.add(record);
    this.deps.bus.emit('hub.message', record);
  }

  private remember(conversationId: string, participants: { opener: string; peer: string }): void {
    this.conversations.set(conversationId, participants);
    if (this.conversations.size <= rememberedConversations) return;
    const oldest = this.conversations.keys().next().value;
    if (oldest !== undefined) this.conversations.delete(oldest);
  }
}
