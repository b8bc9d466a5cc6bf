import { randomUUID } from 'node:crypto';
import { rpcParams } from '../../../../shared/schemas/rpc.js';
import { rpcMethod } from '../dispatcher.js';
import { rpcCodes, RpcError } from '../rpc-error.js';
import type { RpcServices } from '../rpc-services.js';
import { gatewayEventTypes } from '../rpc-subscriptions.js';
import { assertSelf, callerAgent, iso } from '../scope.js';

/** event.subscribe, event.unsubscribe, event.publish. */
export function eventMethods(s: RpcServices) {
  return {
    'event.subscribe': rpcMethod({
      params: rpcParams['event.subscribe'],
      readOnly: true,
      handler: (params, call) => ({ subscription_id: s.subscriptions.subscribe(call.connection, params.event_types, params.filter), event_types: params.event_types }),
    }),

    'event.unsubscribe': rpcMethod({
      params: rpcParams['event.unsubscribe'],
      readOnly: true,
      handler: (params, call) => ({ subscription_id: params.subscription_id, unsubscribed: s.subscriptions.unsubscribe(params.subscription_id, call.connection) }),
    }),

    'event.publish': rpcMethod({
      params: rpcParams['event.publish'],
      scoped: true,
      handler(params, call) {
        // A published event may not pass for one of the gateway's own.
        if ((gatewayEventTypes as readonly string[]).includes(params.event_type)) {
          throw new RpcError(rpcCodes.invalidParams, `Invalid params: '${params.event_type}' is an event of the gateway itself; publish under another name`);
        }
        const own = callerAgent(call, s.taskStore);
        if (params.agent_id) assertSelf(call, s.taskStore, params.agent_id);
        const event = { event_id: `evt_${randomUUID()}`, event_type: params.event_type, data: params.data ?? null, timestamp: params.timestamp ?? iso(), agent_id: params.agent_id ?? own ?? null };
        const delivered = s.subscriptions.deliver(event);
        s.bus.emit('rpc.event', event);
        return { event_id: event.event_id, published_at: iso(), delivered };
      },
    }),
  };
}
