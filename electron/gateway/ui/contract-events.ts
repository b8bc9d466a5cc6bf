import type { ContractEvents, EventName } from '../../../shared/contract/index.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { messageView } from '../hub/message-store.js';

/** Maps the gateway's bus onto the UI contract's events; returns an unsubscribe. */
export function subscribeContractEvents(bus: EventBus<GatewayEvents>, send: <E extends EventName>(name: E, payload: ContractEvents[E]) => void): () => void {
  const offs = [
    bus.on('task_status', ({ task_id, status, agent, error, space_id }) => send('task.status', { task_id, status, agent, error, space_id })),
    bus.on('task.event', ({ space_id: _space, ...event }) => send('task.event', event)),
    bus.on('task.submitted', ({ task_id, assigned_agents, parent_id }) => send('task.submitted', { task_id, assigned_agents, parent_id })),
    bus.on('agent.changed', ({ id }) => send('agents.changed', { id })),
    bus.on('config.changed', () => send('providers.changed', {})),
    bus.on('config.file', (status) => send('config.status', status)),
    bus.on('provider.circuit', ({ provider }) => send('providers.changed', { id: provider })),
    bus.on('provider.probed', ({ provider }) => send('providers.changed', { id: provider })),
    bus.on('quota.warning', ({ provider, summary }) => send('quota.alert', { provider, level: 'warning', summary })),
    bus.on('quota.exhausted', ({ provider, summary }) => send('quota.alert', { provider, level: 'exhausted', summary })),
    bus.on('budget.warning', (event) => send('quota.alert', { provider: event.id ?? 'overall', level: 'warning', summary: event.summary })),
    bus.on('budget.exceeded', (event) => send('quota.alert', { provider: event.id ?? 'overall', level: 'exhausted', summary: event.summary })),
    bus.on('quota.restored', ({ provider }) => send('providers.changed', { id: provider })),
    bus.on('hub.message', (record) => send('hub.message', messageView(record))),
    bus.on('env.switched', ({ agent_id, current_preset }) => send('env.changed', { agent_id, preset: current_preset })),
    bus.on('audit.recorded', ({ id, action }) => send('audit.recorded', { id, action })),
    bus.on('service.changed', ({ service_id, status }) => send('services.changed', { service_id, status })),
    bus.on('memory.status', (status) => send('memory.status', status)),
    bus.on('usage.recorded', (row) => send('usage.recorded', { provider: row.provider, requestedModel: row.requestedModel, agentId: row.agentId ?? null, costUsd: row.costUsd, status: row.status })),
  ];
  return () => offs.forEach((off) => off());
}
