import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import type { OutboundFrame } from '../../shared/schemas/hub-frames.js';
import { connectUrl, isFatal, openSocket } from './open-socket.js';
import { ClientTasks } from './client-tasks.js';
import {
  GatewayError,
  type AckFrame,
  type AgentCard,
  type ClientState,
  type ConnectedFrame,
  type ContentBlock,
  type GatewayClientOptions,
  type IncomingResult,
  type MessageHandler,
  type ResultHandler,
  type SendOptions,
  type TaskHandler,
} from './types.js';

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const ackTimeoutMs = 30_000;
/** Frames kept while disconnected (results, sends), sent once connected again. */
const maxOutbox = 1_000;
const text = (content: string | ContentBlock[]): ContentBlock[] => (typeof content === 'string' ? [{ type: 'text', text: content }] : content);

/**
 * An agent's connection to an AgentMesh gateway (specs/001): registers, keeps the heartbeat,
 * reconnects with backoff and jitter, sends messages, and answers messages and tasks with
 * whatever its handlers return.
 */
export class GatewayClient {
  private ws: WebSocket | undefined;
  private current: ClientState = 'idle';
  private connected: ConnectedFrame | undefined;
  private connecting: Promise<ConnectedFrame> | undefined;
  private readonly waiters: { resolve(frame: ConnectedFrame): void; reject(error: Error): void }[] = [];
  private readonly acks = new Map<string, Pending<AckFrame>>();
  private readonly requests = new Map<string, Pending<IncomingResult>>();
  private readonly messageHandlers = new Set<MessageHandler>();
  private readonly resultHandlers = new Set<ResultHandler>();
  private readonly stateListeners = new Set<(state: ClientState) => void>();
  private readonly outbox: string[] = [];
  private readonly tasks: ClientTasks;
  private card: AgentCard | undefined;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(readonly options: GatewayClientOptions) {
    this.card = options.card;
    this.tasks = new ClientTasks((frame, keep) => this.write(frame, keep));
  }

  get state(): ClientState {
    return this.current;
  }

  get sessionId(): string | undefined {
    return this.connected?.session_id;
  }

  /** Resolves once the gateway has registered this agent. Refusals (bad token, id taken) reject; a gateway that is down is retried while autoReconnect is on. */
  connect(): Promise<ConnectedFrame> {
    if (this.current === 'connected' && this.connected) return Promise.resolve(this.connected);
    if (this.current === 'closed') return Promise.reject(new GatewayError('CLOSED', 'this client was closed'));
    this.connecting ??= new Promise<ConnectedFrame>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (this.current === 'idle') void this.attemptConnect();
    }).finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Sends a message; resolves with the gateway's ack, or rejects with its error (AGENT_NOT_FOUND, RATE_LIMIT…). */
  send(toAgentId: string, content: string | ContentBlock[], options: SendOptions = {}): Promise<AckFrame> {
    const messageId = `msg-${randomUUID()}`;
    const frame = { type: 'send', message_id: messageId, to_agent_id: toAgentId, conversation_id: options.conversationId ?? `conv-${randomUUID()}`, content: text(content), metadata: options.metadata ?? {} };
    return this.awaitAck(messageId, frame);
  }

  /** Sends a message and resolves with the receiver's result for that conversation. */
  async request(toAgentId: string, content: string | ContentBlock[], options: SendOptions & { timeout?: number } = {}): Promise<IncomingResult> {
    const conversationId = options.conversationId ?? `conv-${randomUUID()}`;
    const seconds = options.timeout ?? this.options.requestTimeout ?? 60;
    const result = new Promise<IncomingResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.requests.delete(conversationId);
        reject(new GatewayError('TIMEOUT', `no result from '${toAgentId}' within ${seconds}s`));
      }, seconds * 1_000);
      this.requests.set(conversationId, { resolve, reject, timer });
    });
    try {
      await this.send(toAgentId, content, { ...options, conversationId });
    } catch (error) {
      clearTimeout(this.requests.get(conversationId)?.timer);
      this.requests.delete(conversationId);
      throw error;
    }
    return result;
  }

  /** Answers a conversation (what a message handler's return value does for you). */
  sendResult(conversationId: string, result: unknown, options: { success?: boolean; metadata?: Record<string, unknown> } = {}): Promise<AckFrame> {
    const messageId = `res-${randomUUID()}`;
    return this.awaitAck(messageId, { type: 'result', message_id: messageId, conversation_id: conversationId, success: options.success ?? true, result, metadata: options.metadata ?? {} });
  }

  setCard(card: AgentCard): void {
    this.card = card;
    if (this.current === 'connected') this.write({ type: 'card', card }, false);
  }

  onMessage(handler: MessageHandler): () => void {
    this.messageHandlers.add(handler);
    return () => this.messageHandlers.delete(handler);
  }

  /** Results of conversations this agent opened with send() (request() takes its own). */
  onResult(handler: ResultHandler): () => void {
    this.resultHandlers.add(handler);
    return () => this.resultHandlers.delete(handler);
  }

  /** The one task handler: its return value is the task's result, a throw fails the task. */
  onTask(handler: TaskHandler): () => void {
    this.tasks.handler = handler;
    return () => {
      if (this.tasks.handler === handler) this.tasks.handler = undefined;
    };
  }

  onStateChange(listener: (state: ClientState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Disconnects for good: running tasks are aborted, pending calls rejected. */
  async close(): Promise<void> {
    this.setState('closed');
    clearTimeout(this.retryTimer);
    this.stopTimers();
    this.tasks.abortAll();
    this.failPending(new GatewayError('CLOSED', 'the client was closed'));
    const ws = this.ws;
    this.ws = undefined;
    if (!ws || ws.readyState === ws.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1000, 'client closed');
      setTimeout(() => (ws.terminate(), resolve()), 2_000).unref();
    });
  }

  private async attemptConnect(): Promise<void> {
    if (this.current === 'closed') return;
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let ws: WebSocket;
    try {
      ws = await openSocket(connectUrl(this.options), this.options.token, {
        message: (from, data) => {
          this.ws ??= from;
          if (from === this.ws) this.receive(data);
        },
        close: (from, code, reason) => this.dropped(from, code, reason),
      });
    } catch (error) {
      if (isFatal(error) || this.options.autoReconnect === false) return this.giveUp(error as Error);
      return this.retryLater();
    }
    // close() may have been called while the socket opened.
    if (this.isClosed()) return void ws.close(1000, 'client closed');
    this.ws = ws;
  }

  private receive(data: string): void {
    if (this.isClosed()) return;
    this.armWatchdog();
    const frame = JSON.parse(data) as OutboundFrame;
    switch (frame.type) {
      case 'connected':
        return this.registered(frame);
      case 'ack':
        return this.settle(this.acks, frame.message_id, frame);
      case 'error': {
        const error = new GatewayError(frame.code, frame.message, frame.message_id);
        if (frame.message_id && this.acks.has(frame.message_id)) return this.settle(this.acks, frame.message_id, error);
        return;
      }
      case 'message':
        return void this.answer(frame);
      case 'result': {
        if (this.requests.has(frame.conversation_id)) return this.settle(this.requests, frame.conversation_id, frame);
        for (const handler of this.resultHandlers) handler(frame);
        return;
      }
      case 'task':
        return this.tasks.start(frame);
      case 'cancel':
        return this.tasks.cancel(frame.task_id);
      case 'heartbeat_ack':
        return;
    }
  }

  private registered(frame: ConnectedFrame): void {
    this.connected = frame;
    this.attempt = 0;
    this.setState('connected');
    if (this.card) this.write({ type: 'card', card: this.card }, false);
    for (const queued of this.outbox.splice(0)) this.ws?.send(queued);
    this.heartbeat = setInterval(() => this.write({ type: 'heartbeat', timestamp: new Date().toISOString() }, false), frame.heartbeat_interval * 1_000);
    this.heartbeat.unref();
    this.armWatchdog();
    for (const waiter of this.waiters.splice(0)) waiter.resolve(frame);
  }

  private async answer(message: Extract<OutboundFrame, { type: 'message' }>): Promise<void> {
    for (const handler of this.messageHandlers) {
      try {
        const value = await handler(message);
        if (value !== undefined) await this.sendResult(message.conversation_id, value).catch(() => undefined);
      } catch (error) {
        await this.sendResult(message.conversation_id, (error as Error).message ?? String(error), { success: false }).catch(() => undefined);
      }
    }
  }

  private dropped(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    this.connected = undefined;
    this.stopTimers();
    for (const id of [...this.acks.keys()]) this.settle(this.acks, id, new GatewayError('DISCONNECTED', `the connection dropped (${code}) before the gateway answered`));
    if (this.current === 'closed') return;
    // Another connection took this agent_id over, or its token was revoked: reconnecting would fight it.
    if (code === 4000 || code === 4003 || this.options.autoReconnect === false) return this.giveUp(new GatewayError('DISCONNECTED', `disconnected: ${code} ${reason}`.trim()));
    this.retryLater();
  }

  private retryLater(): void {
    const base = (this.options.reconnectInterval ?? 5) * 1_000;
    const cap = (this.options.maxReconnectInterval ?? 60) * 1_000;
    // Full backoff with jitter, so a gateway restart is not met by every agent at once.
    const delay = Math.min(cap, base * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt++;
    this.setState('reconnecting');
    this.retryTimer = setTimeout(() => void this.attemptConnect(), delay);
  }

  private giveUp(error: Error): void {
    this.setState('closed');
    this.tasks.abortAll();
    this.failPending(error);
  }

  private awaitAck(messageId: string, frame: unknown): Promise<AckFrame> {
    return new Promise((resolve, reject) => {
      if (this.current === 'closed') return reject(new GatewayError('CLOSED', 'the client was closed'));
      const timer = setTimeout(() => this.settle(this.acks, messageId, new GatewayError('TIMEOUT', 'the gateway did not acknowledge the message')), ackTimeoutMs);
      this.acks.set(messageId, { resolve, reject, timer });
      this.write(frame, true);
    });
  }

  /** Sends now when connected; otherwise keeps the frame for the next connection when `keep`. */
  private write(frame: unknown, keep: boolean): void {
    const data = JSON.stringify(frame);
    if (this.current === 'connected' && this.ws?.readyState === this.ws?.OPEN) this.ws!.send(data);
    else if (keep && this.outbox.length < maxOutbox) this.outbox.push(data);
  }

  private settle<T>(map: Map<string, Pending<T>>, id: string, outcome: T | Error): void {
    const pending = map.get(id);
    if (!pending) return;
    map.delete(id);
    clearTimeout(pending.timer);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private failPending(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    for (const id of [...this.acks.keys()]) this.settle(this.acks, id, error);
    for (const id of [...this.requests.keys()]) this.settle(this.requests, id, error);
  }

  /** A half-open connection sends nothing: after heartbeat_timeout of silence, drop it and reconnect. */
  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    const seconds = this.connected?.heartbeat_timeout;
    if (!seconds) return;
    this.watchdog = setTimeout(() => this.ws?.terminate(), seconds * 1_000);
    this.watchdog.unref();
  }

  private stopTimers(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.watchdog);
  }

  private isClosed(): boolean {
    return this.current === 'closed';
  }

  private setState(state: ClientState): void {
    if (this.current === state) return;
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
