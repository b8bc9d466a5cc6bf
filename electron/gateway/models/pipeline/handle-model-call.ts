import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { GatewayConfig } from '../../../../shared/schemas/config.js';
import type { EventBus } from '../../events/bus.js';
import type { GatewayEvents } from '../../events/gateway-events.js';
import { badRequest, HttpError } from '../../http/http-error.js';
import type { Logger } from '../../log/logger.js';
import type { Budgets } from '../../quota/budgets.js';
import type { QuotaService } from '../../quota/quota-service.js';
import type { RoutingGuard } from '../../quota/routing-guard.js';
import type { RequestLog } from '../../store/request-log.js';
import type { UsageSummaries } from '../../store/usage-summary.js';
import type { UsageLedger } from '../../store/usage-ledger.js';
import type { NetworkMeter } from '../../metrics/network-meter.js';
import { costOf } from '../pricing.js';
import type { WireProtocol } from '../protocols/types.js';
import type { ProviderStates } from '../providers/provider-states.js';
import { BodyCapture, captureResponse } from './body-capture.js';
import { CallAbort } from './call-abort.js';
import type { CallState } from './call-state.js';
import { attemptTarget } from './attempt.js';
import { serveChain } from './serve-chain.js';

export interface ModelServices {
  config: () => GatewayConfig;
  ledger: UsageLedger;
  providers: ProviderStates;
  bus: EventBus<GatewayEvents>;
  logger: Logger;
  /** Budgets and quotas: may refuse a call, or pass targets by. */
  guard?: RoutingGuard;
  quota?: QuotaService;
  budgets?: Budgets;
  summaries?: UsageSummaries;
  /** Where `logging.bodies` keeps each call's bodies. */
  requestLog?: RequestLog;
  /** Counts the bytes of each agent's calls (network_io_kb of its metrics). */
  network?: NetworkMeter;
}

/** Which task and agent a call belongs to, when an agent made it with its task token. */
export interface CallTags {
  taskId?: string;
  agentId?: string | null;
}

/** Serves one /v1 call in the client's protocol; always ends the response and writes one usage row. */
export async function handleModelCall(
  services: ModelServices,
  protocol: WireProtocol,
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
  tags: CallTags = {},
): Promise<void> {
  const startedAt = performance.now();
  const abort = new CallAbort();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  let call: CallState | undefined;
  let failure: HttpError | undefined;
  const logging = services.config().logging;
  const response = logging.bodies && services.requestLog ? new BodyCapture(logging.bodyMaxBytes) : undefined;
  if (response) captureResponse(res, response);
  try {
    call = decodeCall(protocol, req, res, abort, startedAt, services.logger.redact, services.config().defaultModel);
    await serveChain(services, call, tags, { attempt: attemptTarget });
  } catch (error) {
    failure = toHttpError(error);
    if (!res.headersSent && !abort.aborted) sendError(res, protocol, failure, services.logger.redact);
    else if (!res.writableEnded) res.end();
  } finally {
    const requestId = response ? keepBodies(services, req, response) : null;
    recordUsage(services, protocol, req, call, failure, abort.aborted, startedAt, tags, requestId);
  }
}

/** Keeps the call's bodies, redacted like everything else that is stored, and cut to size. */
function keepBodies(services: ModelServices, req: IncomingMessage & { body?: unknown }, response: BodyCapture): string {
  const { bodyMaxBytes, keepBodies: keep } = services.config().logging;
  const request = new BodyCapture(bodyMaxBytes);
  if (Buffer.isBuffer(req.body)) request.add(req.body);
  const requestId = randomUUID();
  const redact = services.logger.redact;
  services.requestLog!.keepBodies(requestId, Date.now(), { request: redact(request.text()), response: redact(response.text()) }, keep);
  return requestId;
}

function decodeCall(
  protocol: WireProtocol,
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
  abort: CallAbort,
  startedAt: number,
  redact: (text: string) => string,
  defaultModel: string | undefined,
): CallState {
  let raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (raw.length === 0) throw badRequest('The request body is empty; send a JSON object');
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object');
  const named = (body as { model?: unknown }).model;
  if (defaultModel && (named === undefined || named === null || named === '')) {
    // A call that names no model is served as `defaultModel`; a pass-through sends the body with it.
    body = { ...body, model: defaultModel };
    raw = Buffer.from(JSON.stringify(body));
  }
  const decode = { toolNames: new Map() };
  const request = protocol.decodeRequest(body, decode);
  return { protocol, raw, body: body as Record<string, unknown>, request, decode, clientHeaders: req.headers, res, abort, redact, startedAt, attempts: 0 };
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new HttpError(499, 'client_closed', 'The client closed the request');
  return new HttpError(500, 'internal_error', error instanceof Error ? error.message : String(error));
}

/** An error answer in the client's protocol; upstream text in it may echo a provider key, so it is redacted. */
export function sendError(res: ServerResponse, protocol: WireProtocol, error: HttpError, redact: (text: string) => string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (error.status === 429) headers['retry-after'] = '1';
  Object.assign(headers, error.headers);
  const body = protocol.errorBody(error.status, error.code, redact(error.message)) as { error?: Record<string, unknown> };
  // agentmesh 1.x clients read `error.code`; our finer code rides along as `detail_code`.
  if (error.detailCode && body.error) Object.assign(body.error, { code: error.code, detail_code: error.detailCode });
  res.writeHead(error.status, headers).end(JSON.stringify(body));
}

function recordUsage(
  services: ModelServices,
  protocol: WireProtocol,
  req: IncomingMessage,
  call: CallState | undefined,
  failure: HttpError | undefined,
  aborted: boolean,
  startedAt: number,
  tags: CallTags,
  requestId: string | null,
): void {
  const now = performance.now();
  const usage = call?.usage;
  const status = aborted ? 499 : failure?.status ?? (call?.midStreamError ? 502 : 200);
  const row = {
    ts: Date.now(),
    client: (req.headers['user-agent'] ?? '').slice(0, 200) || null,
    inbound: protocol.inbound,
    requestedModel: call?.request.model ?? null,
    provider: call?.target?.provider.id ?? null,
    upstreamModel: call?.target?.model ?? null,
    status,
    error: redactError(services, failure?.message ?? call?.midStreamError ?? (status === 499 ? 'client closed the request' : null)),
    latencyMs: round(now - startedAt),
    ttfbMs: call?.firstByteAt ? round(call.firstByteAt - startedAt) : null,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedTokens: usage?.cachedTokens ?? 0,
    costUsd: usage ? costOf(usage, services.config().prices, call?.target?.model, call?.request.model) : 0,
    attempts: call?.attempts ?? 0,
    stream: call?.request.stream ?? false,
    agentId: tags.agentId ?? null,
    taskId: tags.taskId ?? null,
    skipped: call?.skipped?.join('; ') ?? null,
    fallbacks: call?.fallbacks ?? null,
    requestId,
  };
  services.ledger.record(row);
  services.bus.emit('usage.recorded', row);
}

const redactError = (services: ModelServices, error: string | null) => (error === null ? null : services.logger.redact(error));
const round = (ms: number) => Math.round(ms * 100) / 100;
