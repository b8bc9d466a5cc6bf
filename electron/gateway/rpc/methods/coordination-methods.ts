import { rpcParams } from '../../../../shared/schemas/rpc.js';
import { rpcMethod } from '../dispatcher.js';
import type { RpcServices } from '../rpc-services.js';
import { assertSelf, callerAgent, iso } from '../scope.js';

/** coordination.lock, coordination.unlock, coordination.heartbeat. */
export function coordinationMethods(s: RpcServices) {
  return {
    'coordination.lock': rpcMethod({
      params: rpcParams['coordination.lock'],
      scoped: true,
      async handler(params, call) {
        const own = callerAgent(call, s.taskStore);
        if (params.agent_id) assertSelf(call, s.taskStore, params.agent_id);
        const config = s.config().coordination;
        const lease = await s.locks.acquire({
          name: params.lock_name,
          type: params.lock_type,
          owner: params.agent_id ?? own,
          waitMs: (params.timeout ?? config.defaultWaitSeconds) * 1_000,
          leaseMs: (params.ttl ?? config.leaseSeconds) * 1_000,
          signal: call.signal,
        });
        return { lock_id: lease.lockId, acquired_at: iso(lease.acquiredAt), expires_at: iso(lease.expiresAt), lock_type: lease.type, owner: lease.owner };
      },
    }),

    'coordination.unlock': rpcMethod({
      params: rpcParams['coordination.unlock'],
      scoped: true,
      handler(params, call) {
        const own = callerAgent(call, s.taskStore);
        if (own !== undefined) {
          const held = s.locks.list().find((lock) => lock.lock_id === params.lock_id);
          if (held && held.owner !== own) assertSelf(call, s.taskStore, held.owner);
        }
        const lease = s.locks.release(params.lock_id);
        return { lock_id: lease.lockId, lock_name: lease.name, released_at: iso() };
      },
    }),

    'coordination.heartbeat': rpcMethod({
      params: rpcParams['coordination.heartbeat'],
      scoped: true,
      handler(params, call) {
        assertSelf(call, s.taskStore, params.agent_id);
        const agent = s.agents.get(params.agent_id);
        const at = s.presence.heartbeat(agent.id, params.status, params.current_tasks ?? []);
        const renewed = s.locks.renew(agent.id);
        return { acknowledged_at: at, server_time: iso(), coordination_status: coordinationStatus(s, agent.id, agent.enabled), renewed_locks: renewed };
      },
    }),
  };
}

/**
 * `standby`: the agent will get no work now (it is stopped, or the gateway is paused);
 * `degraded`: it may, but not as usual (a provider's circuit is open, or its budget is spent);
 * `active` otherwise.
 */
function coordinationStatus(s: RpcServices, agentId: string, enabled: boolean): 'active' | 'standby' | 'degraded' {
  if (!enabled || s.paused()) return 'standby';
  if (s.budgetBlock?.(agentId) || s.providers.health().some((provider) => provider.circuit === 'open')) return 'degraded';
  return 'active';
}
