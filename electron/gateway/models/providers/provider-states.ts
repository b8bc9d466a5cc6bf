import type { GatewayConfig, ProviderConfig } from '../../../../shared/schemas/config.js';
import type { EventBus } from '../../events/bus.js';
import type { GatewayEvents } from '../../events/gateway-events.js';
import { CircuitBreaker, type CircuitState } from '../resilience/breaker.js';
import { RateLimiter } from '../resilience/rate-limiter.js';

interface ProviderState {
  breaker: CircuitBreaker;
  limiter?: RateLimiter;
  rpm?: number;
}

export interface ProviderHealth {
  id: string;
  type: string;
  available: boolean;
  reason?: string;
  circuit: CircuitState;
  models: string[];
}

/** Runtime state per provider (breaker, rate limit), kept across config reloads by id. */
export class ProviderStates {
  private readonly states = new Map<string, ProviderState>();
  /** The last connection test that failed, per provider, until one passes or a call gets through. */
  private readonly failedTests = new Map<string, string>();
  /** Providers routing skips until resumed (orchestration `pause` with a providerId). */
  private readonly paused = new Set<string>();

  constructor(
    private readonly config: () => GatewayConfig,
    private readonly bus: EventBus<GatewayEvents>,
    /** Why the provider's config cannot work: it names an unset `${VAR}` (config-warnings.ts). */
    private readonly unsetReason: (providerId: string) => string | undefined = () => undefined,
  ) {
    bus.on('usage.recorded', (row) => {
      if (row.provider && row.status < 400) this.noteTest(row.provider, true, '');
    });
  }

  /** Remembers a connection test: the dashboard shows a failed one as unhealthy until it passes. */
  noteTest(providerId: string, ok: boolean, message: string): void {
    const had = this.failedTests.has(providerId);
    if (ok) this.failedTests.delete(providerId);
    else this.failedTests.set(providerId, message);
    if (had !== !ok) this.bus.emit('provider.probed', { provider: providerId });
  }

  /** `connection test failed: HTTP 401 …`, while the last test failed. */
  failedTest(providerId: string): string | undefined {
    const message = this.failedTests.get(providerId);
    return message === undefined ? undefined : `connection test failed: ${message}`;
  }

  state(provider: ProviderConfig): ProviderState {
    let state = this.states.get(provider.id);
    if (!state) {
      const { breakerThreshold, breakerCooldownMs } = this.config().resilience;
      state = {
        breaker: new CircuitBreaker(breakerThreshold, breakerCooldownMs, (circuit) =>
          this.bus.emit('provider.circuit', { provider: provider.id, state: circuit }),
        ),
      };
      this.states.set(provider.id, state);
    }
    if (state.rpm !== provider.rpm) {
      state.rpm = provider.rpm;
      state.limiter = provider.rpm ? new RateLimiter(provider.rpm) : undefined;
    }
    return state;
  }

  pause(id: string): void {
    this.paused.add(id);
  }

  resume(id: string): boolean {
    return this.paused.delete(id);
  }

  isPaused(id: string): boolean {
    return this.paused.has(id);
  }

  /** Why a provider cannot take a call right now, without consuming anything; undefined if it can. */
  unavailableReason(provider: ProviderConfig): string | undefined {
    if (!provider.enabled) return 'disabled';
    const unset = this.unsetReason(provider.id);
    if (unset) return unset;
    if (this.paused.has(provider.id)) return 'paused';
    if (provider.apiKey !== undefined && provider.apiKey === '') return 'no key';
    const state = this.state(provider);
    const circuit = state.breaker.current();
    if (circuit === 'open') return `circuit open (retry in ${Math.ceil(state.breaker.retryInMs() / 1000)}s)`;
    if (circuit === 'half-open' && state.breaker.trialInFlight()) return 'circuit half-open, its trial call is in flight';
    if (state.limiter && state.limiter.waitMs() > 0) return `rate limited (${provider.rpm} rpm)`;
    return undefined;
  }

  health(): ProviderHealth[] {
    return this.config().providers.map((provider) => {
      const reason = this.unavailableReason(provider);
      return {
        id: provider.id,
        type: provider.type,
        available: reason === undefined,
        ...(reason ? { reason } : {}),
        circuit: this.state(provider).breaker.current(),
        models: provider.models,
      };
    });
  }
}
