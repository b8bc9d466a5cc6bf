import { z } from 'zod';
import { inboundFrameSchema, inboundFrameTypes } from '../../../shared/schemas/hub.js';
import type { Logger } from '../log/logger.js';
import { sendFrame, type AgentSessions, type Session } from './agent-sessions.js';
import { HubError } from './hub-error.js';
import type { HubTaskRuns } from './hub-task-runs.js';
import type { MessageRouter } from './message-router.js';

const knownTypes = new Set<string>(inboundFrameTypes);

/** Reads one frame from an agent and answers it; a bad frame gets an `error` frame and the socket stays open. */
export class FrameHandler {
  constructor(private readonly deps: { sessions: AgentSessions; router: MessageRouter; runs: HubTaskRuns; logger: Logger }) {}

  handle(session: Session, text: string): void {
    if (!session.open) return;
    this.deps.sessions.touch(session, false);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.refuse(session, new HubError('INVALID_MESSAGE', 'Messages must be JSON objects'));
    }
    const messageId = typeof (raw as { message_id?: unknown })?.message_id === 'string' ? (raw as { message_id: string }).message_id : undefined;
    try {
      this.dispatch(session, raw, messageId);
    } catch (error) {
      if (error instanceof HubError) return this.refuse(session, error);
      this.deps.logger.error('hub frame failed', { agent: session.agentId, error: String(error) });
      this.refuse(session, new HubError('INVALID_MESSAGE', 'The gateway could not handle this message', messageId));
    }
  }

  private dispatch(session: Session, raw: unknown, messageId: string | undefined): void {
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || typeof type !== 'string') {
      throw new HubError('INVALID_MESSAGE', 'A message is a JSON object with a string `type`', messageId);
    }
    if (!knownTypes.has(type)) throw new HubError('INVALID_MESSAGE', `Unknown message type '${type}' (known: ${inboundFrameTypes.join(', ')})`, messageId);
    const parsed = inboundFrameSchema.safeParse(raw);
    if (!parsed.success) throw new HubError('INVALID_MESSAGE', describe(parsed.error), messageId);
    const frame = parsed.data;
    switch (frame.type) {
      case 'heartbeat':
        this.deps.sessions.touch(session, true);
        return sendFrame(session.socket, { type: 'heartbeat_ack', timestamp: new Date().toISOString() });
      case 'send':
        return this.deps.router.fromAgent(session, frame);
      case 'result':
        return this.deps.router.result(session, frame);
      case 'card':
        return this.deps.sessions.applyCard(session, frame.card);
      case 'progress':
        this.deps.router.charge(session.agentId);
        return this.deps.runs.progress(session, frame);
    }
  }

  private refuse(session: Session, error: HubError): void {
    sendFrame(session.socket, { type: 'error', code: error.hubCode, message: error.message, ...(error.messageId ? { message_id: error.messageId } : {}) });
  }
}

const describe = (error: z.ZodError) => error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ');
