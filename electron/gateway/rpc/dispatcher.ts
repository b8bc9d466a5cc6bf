import type { z } from 'zod';
import type { Actor } from '../audit/audit-log.js';
import type { Identity } from '../http/guards.js';
import type { Logger } from '../log/logger.js';
import { rpcCodes, RpcError, toRpcError } from './rpc-error.js';

/** One open WebSocket on /rpc: where server notifications (event.subscribe) go. */
export interface RpcConnection {
  id: string;
  notify(method: string, params: unknown): void;
  onClose(listener: () => void): void;
}

/** What a method knows of its caller. */
export interface RpcCall {
  identity: Identity;
  actor: Actor;
  transport: 'http' | 'ws';
  /** The WebSocket the call came on (absent over HTTP). */
  connection?: RpcConnection;
  /** Aborted when the caller goes away (a lock wait, a task.execute). */
  signal: AbortSignal;
}

export interface RpcMethod<P = never> {
  params: z.ZodType<P>;
  /** Agent and task tokens may call it too (for their own agent or task); else the management token only. */
  scoped?: boolean;
  /** Changes nothing: left out of the audit log. */
  readOnly?: boolean;
  handler(params: P, call: RpcCall): unknown;
}

export type AnyRpcMethod = RpcMethod<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Declares one method; its handler's params are typed from its schema's output. */
export const rpcMethod = <P>(method: RpcMethod<P>): RpcMethod<P> => method;

type Id = string | number | null;
interface Response {
  jsonrpc: '2.0';
  id: Id;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface DispatcherOptions {
  methods: Record<string, AnyRpcMethod>;
  logger: Logger;
  /** Called after every state-changing call (management or not), with how it ended. */
  audit?(call: RpcCall, method: string, outcome: string, target: string | null): void;
  maxBatch?: number;
}

const errorResponse = (id: Id, error: RpcError): Response => ({
  jsonrpc: '2.0',
  id,
  error: { code: error.code, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) },
});

const validId = (id: unknown): id is Id => id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));

/** Which agent or task a call is about, for the audit log. */
const targetOf = (params: unknown): string | null => {
  if (!params || typeof params !== 'object') return null;
  const p = params as Record<string, unknown>;
  const found = p.agent_id ?? p.task_id ?? p.snapshot_id ?? p.lock_name ?? p.lock_id ?? p.subscription_id ?? (p.task as { id?: unknown } | undefined)?.id ?? p.preset;
  return typeof found === 'string' ? found : null;
};

/**
 * JSON-RPC 2.0 over any transport: single and batch requests, notifications (no `id`, no
 * answer), the standard error codes, params validated by each method's zod schema (the
 * issues go back in `error.data`). Our own compact dispatcher: the spec's error table and the
 * zod schemas map onto it directly, and it adds nothing measurable to a call.
 */
export class RpcDispatcher {
  constructor(private readonly options: DispatcherOptions) {}

  /** The answer to a payload as JSON text, or undefined when there is none (only notifications). */
  async handleText(text: string, call: Omit<RpcCall, 'signal'> & { signal?: AbortSignal }): Promise<string | undefined> {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      return JSON.stringify(errorResponse(null, new RpcError(rpcCodes.parseError, `Parse error: ${(error as Error).message}`)));
    }
    const answer = await this.handle(payload, { ...call, signal: call.signal ?? new AbortController().signal });
    return answer === undefined ? undefined : JSON.stringify(answer);
  }

  async handle(payload: unknown, call: RpcCall): Promise<Response | Response[] | undefined> {
    if (!Array.isArray(payload)) return this.one(payload, call);
    if (payload.length === 0) return errorResponse(null, new RpcError(rpcCodes.invalidRequest, 'Invalid Request: an empty batch'));
    const max = this.options.maxBatch ?? 100;
    if (payload.length > max) return errorResponse(null, new RpcError(rpcCodes.invalidRequest, `Invalid Request: a batch holds at most ${max} calls`));
    const answers = await Promise.all(payload.map((item) => this.one(item, call)));
    const sent = answers.filter((answer): answer is Response => answer !== undefined);
    return sent.length ? sent : undefined;
  }

  private async one(request: unknown, call: RpcCall): Promise<Response | undefined> {
    if (!request || typeof request !== 'object' || Array.isArray(request)) {
      return errorResponse(null, new RpcError(rpcCodes.invalidRequest, 'Invalid Request: a request is a JSON object'));
    }
    const { jsonrpc, method, params, id } = request as Record<string, unknown>;
    const notification = !('id' in request);
    if (!notification && !validId(id)) return errorResponse(null, new RpcError(rpcCodes.invalidRequest, 'Invalid Request: id must be a string, a number or null'));
    const answerId = notification ? null : (id as Id);
    if (jsonrpc !== '2.0' || typeof method !== 'string' || (params !== undefined && (params === null || typeof params !== 'object'))) {
      return errorResponse(answerId, new RpcError(rpcCodes.invalidRequest, 'Invalid Request: needs jsonrpc "2.0", a method name, and params as an object if any'));
    }
    try {
      const result = await this.invoke(method, params, call);
      return notification ? undefined : { jsonrpc: '2.0', id: answerId, result: result ?? null };
    } catch (error) {
      const rpcError = toRpcError(error);
      if (rpcError.code === rpcCodes.internalError && !(error instanceof RpcError)) this.options.logger.error('rpc method failed', { method, error: String(error) });
      return notification ? undefined : errorResponse(answerId, rpcError);
    }
  }

  private async invoke(name: string, params: unknown, call: RpcCall): Promise<unknown> {
    const method = Object.hasOwn(this.options.methods, name) ? this.options.methods[name] : undefined;
    if (!method) throw new RpcError(rpcCodes.methodNotFound, `Method not found: ${name}`);
    if (Array.isArray(params)) throw new RpcError(rpcCodes.invalidParams, 'Invalid params: pass params by name (an object)');
    const management = !call.identity.agentId && !call.identity.taskId;
    if (!management && !method.scoped) throw new RpcError(rpcCodes.permissionDenied, `Permission denied: ${name} needs the management token`);
    const parsed = method.params.safeParse(params ?? {});
    if (!parsed.success) throw new RpcError(rpcCodes.invalidParams, `Invalid params: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ')}`, parsed.error.issues);
    if (method.readOnly || !this.options.audit) return method.handler(parsed.data, call);
    try {
      const result = await method.handler(parsed.data, call);
      this.options.audit(call, name, 'ok', targetOf(parsed.data));
      return result;
    } catch (error) {
      this.options.audit(call, name, String(toRpcError(error).code), targetOf(parsed.data));
      throw error;
    }
  }
}
