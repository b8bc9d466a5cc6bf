import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { TaskEventBody } from '../../../shared/schemas/task.js';
import { command } from '../agents/adapters/command.js';
import { parseSse } from '../models/sse.js';
import { collectEvents } from './event-collector.js';
import type { RunDeps, RunResult } from './task-run.js';
import type { StoredTask } from './task-store.js';

const defaultTimeoutMs = 3_600_000;
/** The most of a JSON reply, or of one SSE event, read from an http agent. */
const maxReplyBytes = 16 * 1024 * 1024;

/** What an http agent may answer: an agentmesh 1.x AgentMessage (`result` or `error`). */
interface AgentReply {
  type?: string;
  result?: unknown;
  error?: { code?: string; message?: string } | string;
}

/**
 * Runs a task on an `http` agent: POSTs it to the agent's endpoint as an agentmesh 1.x
 * AgentMessage. A JSON reply is one AgentMessage whose `result` (or `error`) ends the task; an
 * SSE reply streams them (`stream` parts, then `response` or `stream_end`), and may also send
 * the event lines of the command protocol (`{"type":"message","text":…}`). Cancel aborts the
 * request; the task's timeout does too. Never throws.
 */
export async function runHttpTask(task: StoredTask, agent: AgentConfig, signal: AbortSignal, deps: RunDeps): Promise<RunResult> {
  const endpoint = agent.endpoint as string;
  const collected = collectEvents();
  const emit = (body: TaskEventBody) => {
    collected.see(body);
    deps.emit(task.id, body);
  };
  const timeoutSeconds = task.options.timeout as number | undefined;
  const timeoutMs = timeoutSeconds ? timeoutSeconds * 1000 : (agent.timeoutMs ?? defaultTimeoutMs);
  const deadline = AbortSignal.timeout(timeoutMs);
  const started = Date.now();
  deps.update(task.id, { status: 'running', started_at: new Date().toISOString() });
  deps.emit(task.id, { kind: 'status', status: 'running', message: `POST ${endpoint}` });
  const outcome = (status: RunResult['status'], error: string | null): RunResult => {
    const seen = collected.summary();
    return { status, result: seen.result, error, exitCode: null, usage: seen.usage, fileChanges: seen.fileChanges };
  };
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-agentmesh-task-id': task.id, ...agent.headers },
      body: JSON.stringify(agentMessage(task, agent, deps)),
      redirect: 'error',
      signal: AbortSignal.any([signal, deadline]),
    });
    if (!response.ok) return outcome('failed', `${endpoint} answered HTTP ${response.status}: ${(await boundedText(response)).slice(0, 500)}`);
    const failure = response.headers.get('content-type')?.includes('text/event-stream')
      ? await readStream(response, emit)
      : readReply(await boundedText(response), emit);
    if (failure) return outcome('failed', failure);
    if (collected.summary().resultIsError) return outcome('failed', collected.summary().result ?? 'the agent reported an error');
    return outcome('completed', null);
  } catch (error) {
    if (signal.aborted) return outcome('cancelled', 'cancelled');
    if (deadline.aborted) return outcome('timeout', `timed out after ${Math.round((Date.now() - started) / 1000)}s`);
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return outcome('failed', `the request to ${endpoint} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
}

function agentMessage(task: StoredTask, agent: AgentConfig, deps: RunDeps) {
  const history = task.space_id ? deps.spaces.recent(task.space_id).map((message) => `[${message.author ?? message.role}] ${message.content}`) : [];
  return {
    id: task.id,
    type: 'request',
    source: 'agentmesh',
    target: agent.id,
    correlation_id: task.correlation_id ?? task.id,
    timestamp: Date.now(),
    payload: {
      task: task.prompt,
      // `memory`: the chunks of the space most relevant to the task (text and source), most relevant first.
      ...(task.space_id ? { context: { shared_space_id: task.space_id, history, ...(deps.memory?.length ? { memory: deps.memory } : {}) } } : {}),
      options: { stream: task.options.stream === true, ...(task.options.timeout ? { timeout: task.options.timeout } : {}) },
    },
  };
}

/** One AgentMessage (a JSON reply, or the data of one SSE event); returns an error message if it reports one. */
function readReply(text: string, emit: (body: TaskEventBody) => void): string | undefined {
  let reply: unknown;
  try {
    reply = JSON.parse(text);
  } catch {
    // Not JSON: the text is the answer.
    emit({ kind: 'result', text });
    return undefined;
  }
  const message = (reply ?? {}) as AgentReply;
  if (message.error) return typeof message.error === 'string' ? message.error : `${message.error.code ?? 'ERROR'}: ${message.error.message ?? ''}`;
  if (message.type === 'stream') {
    emit({ kind: 'message', text: asText(message.result), delta: true });
    return undefined;
  }
  if (message.type && message.type !== 'response' && message.type !== 'stream_end' && !('result' in message)) {
    // A command-protocol event line ({"type":"message","text":…}, usage, file_change …).
    command.createParser().line(text).forEach(emit);
    return undefined;
  }
  if ('result' in message) emit({ kind: 'result', text: asText(message.result) });
  return undefined;
}

async function readStream(response: Response, emit: (body: TaskEventBody) => void): Promise<string | undefined> {
  let parts = '';
  let ended = false;
  for await (const frame of parseSse(response.body!, { maxLineBytes: maxReplyBytes })) {
    if (frame.data === '[DONE]') break;
    const failure = readReply(frame.data, (body) => {
      if (body.kind === 'message' && body.delta) parts += body.text;
      if (body.kind === 'result') ended = true;
      emit(body);
    });
    if (failure) return failure;
  }
  // A stream of parts with no final message: the parts are the answer.
  if (!ended) emit({ kind: 'result', text: parts });
  return undefined;
}

const asText = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));

async function boundedText(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxReplyBytes) {
      await reader.cancel();
      throw new Error(`the reply exceeded ${maxReplyBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
