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
  /** Providers routing skips until resumed (orchestration `pause` with a providerId). */
  private readonly paused = new Set<string>();

  constructor(
    private readonly config: () => GatewayConfig,
    private readonly bus: EventBus<GatewayEvents>,
  ) {}

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
