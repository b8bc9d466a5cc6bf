import type { AgentInfo, RemoteAgentDetails } from '../../../shared/schemas/agent.js';
import type { AgentLoad } from './agent-registry.js';

/** An agent connected over the WebSocket hub, as the hub reports it to the registry. */
export interface RemoteAgentRecord {
  id: string;
  name: string;
  capabilities: string[];
  maxConcurrent: number;
  connected: boolean;
  details: RemoteAgentDetails;
}

/** The hub's side of the registry: the remote agents it knows (connected, or dropped and not yet forgotten). */
export interface RemoteAgents {
  list(): RemoteAgentRecord[];
  get(id: string): RemoteAgentRecord | undefined;
}

/** A remote agent in the registry's shape: online while connected (busy at its limit), else offline. */
export function remoteAgentInfo(record: RemoteAgentRecord, load: AgentLoad): AgentInfo {
  const running = load.running(record.id);
  return {
    id: record.id,
    name: record.name,
    kind: 'remote',
    type: 'remote',
    adapter: 'remote',
    capabilities: record.capabilities,
    endpoint: null,
    state: !record.connected ? 'offline' : running >= record.maxConcurrent ? 'busy' : 'online',
    version: record.details.card?.version ?? null,
    path: null,
    detectError: record.connected ? null : 'disconnected from the hub',
    running,
    queued: load.queued(record.id),
    maxConcurrent: record.maxConcurrent,
    enabled: true,
    source: 'hub',
    detectedAt: record.details.connectedAt,
    remote: record.details,
  };
}
