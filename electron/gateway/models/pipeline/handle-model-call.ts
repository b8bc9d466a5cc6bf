import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { GatewayConfig } from '../../../../shared/schemas/config.js';
import type { EventBus } from '../../events/bus.js';
import type { GatewayEvents } from '../../events/gateway-events.js';
import { badRequest, HttpError } from '../../http/http-error.js';
import type { Logger } from '../../log/logger.js';
import type { Budgets } from '../../quota/budgets.js';
import type { QuotaService } from '../../quota/quota-service.js';
import { OVER_BUDGET, type RoutingGuard } from '../../quota/routing-guard.js';
import type { UsageSummaries } from '../../store/usage-summary.js';
import type { UsageLedger } from '../../store/usage-ledger.js';
import { costOf } from '../pricing.js';
import type { WireProtocol } from '../protocols/types.js';
import type { ProviderStates } from '../providers/provider-states.js';
import { UpstreamError } from '../providers/upstream-client.js';
import { backoffMs } from '../resilience/retry.js';
import { resolveChain, type Target } from '../routing/router.js';
import { attemptTarget } from './attempt.js';
import type { CallState } from './call-state.js';

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
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  let call: CallState | undefined;
  let failure: HttpError | undefined;
  try {
    call = decodeCall(protocol, req, res, abort, startedAt);
    await serve(services, call, tags);
  } catch (error) {
    failure = toHttpError(error);
    if (!res.headersSent && !abort.signal.aborted) sendError(res, protocol, failure);
    else if (!res.writableEnded) res.end();
  } finally {
    recordUsage(services, protocol, req, call, failure, abort.signal.aborted, startedAt, tags);
  }
}

function decodeCall(protocol: WireProtocol, req: IncomingMessage & { body?: unknown }, res: ServerResponse, abort: AbortController, startedAt: number): CallState {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (raw.length === 0) throw badRequest('The request body is empty; send a JSON object');
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object');
  const decode = { toolNames: new Map() };
  const request = protocol.decodeRequest(body, decode);
  return { protocol, raw, body: body as Record<string, unknown>, request, decode, clientHeaders: req.headers, res, abort, startedAt, attempts: 0 };
}

/**
 * Tries the chain in rounds: each round offers every still-eligible target once, in order;
 * rounds after the first wait for the backoff (or a bounded Retry-After) first.
 */
async function serve(services: ModelServices, call: CallState, tags: CallTags): Promise<void> {
  services.guard?.admit(tags);
  const config = services.config();
  const { targets } = resolveChain(config, call.request.model);
  const { resilience } = config;
  const reasons: string[] = [];
  let eligible = [...targets];
  let lastStatus = 503;
  let waitMs = 0;
  for (let round = 0; round <= resilience.retries && eligible.length > 0; round++) {
    if (round > 0) await sleep(Math.max(waitMs, backoffMs(round, resilience.retryBaseMs)), undefined, { signal: call.abort.signal });
    const retryable: Target[] = [];
    waitMs = 0;
    for (const target of eligible) {
      const skip = services.guard?.skipReason(target.provider);
      if (skip) {
        (call.skipped ??= []).push(`${target.provider.id}: ${skip}`);
        reasons.push(`${target.provider.id}: ${skip}`);
        continue;
      }
      const state = services.providers.state(target.provider);
      const unavailable = services.providers.unavailableReason(target.provider);
      if (unavailable) {
        reasons.push(`${target.provider.id}: ${unavailable}`);
        if (unavailable.startsWith('rate limited') || unavailable.startsWith('circuit')) retryable.push(target);
        continue;
      }
      // The limiter before the breaker: a half-open breaker grants one trial call, which must
      // never be taken and then dropped (unavailableReason already checked the limiter this tick).
      if (state.limiter && !state.limiter.tryTake()) {
        reasons.push(`${target.provider.id}: rate limited (${target.provider.rpm} rpm)`);
        continue;
      }
      if (!state.breaker.tryAcquire()) {
        reasons.push(`${target.provider.id}: circuit half-open, its trial call is in flight`);
        continue;
      }
      call.target = target;
      call.attempts += 1;
      try {
        await attemptTarget(call, target, resilience);
        state.breaker.succeed();
        return;
      } catch (error) {
        if (call.abort.signal.aborted || !(error instanceof UpstreamError)) throw error;
        if (!error.retryable) throw new HttpError(error.status === 401 || error.status === 403 ? 502 : error.status, 'upstream_rejected', error.message);
        state.breaker.fail();
        lastStatus = error.status;
        reasons.push(error.message);
        services.logger.warn('upstream attempt failed', { provider: target.provider.id, model: target.model, status: error.status });
        if (error.retryAfterMs === undefined || error.retryAfterMs <= resilience.maxRetryAfterMs) {
          retryable.push(target);
          waitMs = Math.max(waitMs, error.retryAfterMs ?? 0);
        }
      }
    }
    eligible = retryable;
  }
  const summary = reasons.length ? reasons.join('; ') : 'no enabled provider in the route';
  if (call.attempts === 0 && targets.length > 0 && call.skipped?.length === targets.length) {
    const budget = call.skipped.every((reason) => reason.includes(`: ${OVER_BUDGET}`));
    throw new HttpError(402, budget ? 'budget_exceeded' : 'quota_exhausted', `No provider could serve '${call.request.model}': ${summary}`);
  }
  const status = lastStatus === 429 ? 429 : targets.length === 0 || call.attempts === 0 ? 503 : 502;
  throw new HttpError(status, 'all_targets_failed', `No provider could serve '${call.request.model}': ${summary}`);
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new HttpError(499, 'client_closed', 'The client closed the request');
  return new HttpError(500, 'internal_error', error instanceof Error ? error.message : String(error));
}

export function sendError(res: ServerResponse, protocol: WireProtocol, error: HttpError): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (error.status === 429) headers['retry-after'] = '1';
  res.writeHead(error.status, headers).end(JSON.stringify(protocol.errorBody(error.status, error.code, error.message)));
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
    error: failure?.message ?? call?.midStreamError ?? (status === 499 ? 'client closed the request' : null),
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
  };
  services.ledger.record(row);
  services.bus.emit('usage.recorded', row);
}

const round = (ms: number) => Math.round(ms * 100) / 100;
