import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayConfig } from '../../../../shared/schemas/config.js';
import { HttpError } from '../../http/http-error.js';
import { OVER_BUDGET } from '../../quota/routing-guard.js';
import { UpstreamError } from '../providers/upstream-client.js';
import type { BreakerPermit } from '../resilience/breaker.js';
import { backoffMs } from '../resilience/retry.js';
import { resolveChain, type Target } from '../routing/router.js';
import type { CallAbort } from './call-abort.js';
import type { CallState } from './call-state.js';
import type { CallTags, ModelServices } from './handle-model-call.js';

/** What the chain reads and fills in of a call: a /v1 model call, or an embeddings call. */
export type ChainCall = Pick<CallState, 'target' | 'attempts' | 'skipped' | 'fallbacks' | 'midStreamError'> & {
  request: { model: string };
  abort: Pick<CallAbort, 'aborted' | 'signal'>;
};

export interface ChainOptions<C extends ChainCall> {
  /** One try of one target (attempt.ts for the /v1 protocols). */
  attempt(call: C, target: Target, config: GatewayConfig): Promise<void>;
  /** Why a target cannot serve this kind of call at all (an anthropic provider asked for embeddings); it is passed by. */
  unsupported?(target: Target): string | undefined;
}

/**
 * Tries the chain in rounds: each round offers every still-eligible target once, in order;
 * rounds after the first wait for the backoff (or a bounded Retry-After) first.
 */
export async function serveChain<C extends ChainCall>(services: ModelServices, call: C, tags: CallTags, options: ChainOptions<C>): Promise<void> {
  services.guard?.admit(tags);
  const config = services.config();
  const { targets } = resolveChain(config, call.request.model);
  const { resilience } = config;
  const reasons: string[] = [];
  // Every target the call moved past, and why: the request log's "fallbacks" column.
  const passBy = (target: Target, reason: string, summary = `${target.provider.id}: ${reason}`) => {
    reasons.push(summary);
    (call.fallbacks ??= []).push({ provider: target.provider.id, model: target.model, reason });
  };
  let eligible = [...targets];
  let last: UpstreamError | undefined;
  let waitMs = 0;
  for (let round = 0; round <= resilience.retries && eligible.length > 0; round++) {
    if (round > 0) await sleep(Math.max(waitMs, backoffMs(round, resilience.retryBaseMs)), undefined, { signal: call.abort.signal });
    const retryable: Target[] = [];
    waitMs = 0;
    for (const target of eligible) {
      const unsupported = options.unsupported?.(target);
      if (unsupported) {
        passBy(target, unsupported);
        continue;
      }
      const skip = services.guard?.skipReason(target.provider);
      if (skip) {
        (call.skipped ??= []).push(`${target.provider.id}: ${skip}`);
        passBy(target, skip);
        continue;
      }
      const state = services.providers.state(target.provider);
      const unavailable = services.providers.unavailableReason(target.provider);
      if (unavailable) {
        passBy(target, unavailable);
        if (unavailable.startsWith('rate limited') || unavailable.startsWith('circuit')) retryable.push(target);
        continue;
      }
      // The limiter before the breaker: a half-open breaker grants one trial call, which must
      // never be taken and then dropped (unavailableReason already checked the limiter this tick).
      if (state.limiter && !state.limiter.tryTake()) {
        passBy(target, `rate limited (${target.provider.rpm} rpm)`);
        continue;
      }
      const permit = state.breaker.tryAcquire();
      if (!permit) {
        passBy(target, 'circuit half-open, its trial call is in flight');
        continue;
      }
      call.target = target;
      call.attempts += 1;
      try {
        await options.attempt(call, target, config);
        judge(call, permit);
        return;
      } catch (error) {
        if (call.abort.aborted || !(error instanceof UpstreamError)) throw error;
        if (!error.retryable) {
          // The provider answered: a 4xx says the request is wrong, not that the provider is down.
          permit.succeed();
          const detailCode = error.code ?? 'upstream_rejected';
          if (error.status === 401 || error.status === 403) throw new HttpError(502, 'PROVIDER_ERROR', error.message, { detailCode });
          throw new HttpError(error.status, detailCode, error.message);
        }
        permit.fail();
        last = error;
        passBy(target, error.message, error.message);
        services.logger.warn('upstream attempt failed', { provider: target.provider.id, model: target.model, status: error.status });
        if (error.retryAfterMs === undefined || error.retryAfterMs <= resilience.maxRetryAfterMs) {
          retryable.push(target);
          waitMs = Math.max(waitMs, error.retryAfterMs ?? 0);
        }
      } finally {
        // Every way out (a client that left, an internal error) frees a half-open trial.
        permit.release();
      }
    }
    eligible = retryable;
  }
  const summary = reasons.length ? reasons.join('; ') : 'no enabled provider in the route';
  if (call.attempts === 0 && targets.length > 0 && call.skipped?.length === targets.length) {
    const budget = call.skipped.every((reason) => reason.includes(`: ${OVER_BUDGET}`));
    throw new HttpError(402, budget ? 'budget_exceeded' : 'quota_exhausted', `No provider could serve '${call.request.model}': ${summary}`);
  }
  const status = last?.status === 429 ? 429 : targets.length === 0 || call.attempts === 0 ? 503 : 502;
  // The client hears how long the upstream asked it to wait, not a guess of ours.
  const headers = last?.retryHeaders;
  // agentmesh 1.x's codes: PROVIDER_ERROR (502) when providers failed, NO_PROVIDER_AVAILABLE (503) when none could be tried.
  const code = status === 502 ? 'PROVIDER_ERROR' : status === 503 ? 'NO_PROVIDER_AVAILABLE' : 'all_targets_failed';
  throw new HttpError(status, code, `No provider could serve '${call.request.model}': ${summary}`, { detailCode: 'all_targets_failed', ...(headers ? { headers } : {}) });
}

/** A call that reached the client: the provider failed if the stream broke, unless the client left first. */
function judge(call: ChainCall, permit: BreakerPermit): void {
  if (call.abort.aborted) return;
  if (call.midStreamError) permit.fail();
  else permit.succeed();
}
