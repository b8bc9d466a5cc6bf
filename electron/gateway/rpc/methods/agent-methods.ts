import { adapterIds, validAgentSchema, type AdapterId } from '../../../../shared/schemas/agent.js';
import { modelAdapterTypes, modelAgentSettingsSchema, PROTOCOL_VERSION, rpcParams, type ModelAdapterType } from '../../../../shared/schemas/rpc.js';
import { agentStatusOf } from '../../metrics/agent-status.js';
import { rpcMethod } from '../dispatcher.js';
import { rpcCodes, RpcError } from '../rpc-error.js';
import type { RpcServices } from '../rpc-services.js';
import { assertSelf, iso } from '../scope.js';
import { settleAgentTasks } from './agent-lifecycle.js';

/** What this gateway offers an agent that calls agent.initialize. */
export const serverFeatures = ['task_execution', 'env_switching', 'metrics_reporting', 'token_reporting', 'coordination_locks', 'heartbeat', 'event_subscription'];
const supportedVersions = [PROTOCOL_VERSION];

const major = (version: string) => Number(version.split('.')[0]);
const camel = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

export function agentMethods(s: RpcServices) {
  return {
    'agent.initialize': rpcMethod({
      params: rpcParams['agent.initialize'],
      scoped: true,
      handler(params, call) {
        assertSelf(call, s.taskStore, params.agent_id);
        // The highest version we speak in the caller's major version (semver: a new major breaks).
        const compatible = supportedVersions.filter((version) => major(version) === major(params.protocol_version));
        if (compatible.length === 0) {
          throw new RpcError(rpcCodes.agentInitFailed, `Protocol ${params.protocol_version} is not compatible: this gateway speaks ${supportedVersions.join(', ')}`, { supported_versions: supportedVersions });
        }
        const accepted = params.supported_features.filter((feature) => serverFeatures.includes(feature));
        s.presence.initialized(params.agent_id, compatible.at(-1)!, accepted);
        return { agent_id: params.agent_id, protocol_version: compatible.at(-1)!, accepted_features: accepted, server_features: serverFeatures, server_time: iso() };
      },
    }),

    'agent.register': rpcMethod({
      params: rpcParams['agent.register'],
      async handler(params) {
        const id = params.agent_id;
        if (s.agents.kindOf(id)) throw new RpcError(rpcCodes.agentExists, `An agent '${id}' already exists`);
        const type = params.adapter_type;
        if ((modelAdapterTypes as readonly string[]).includes(type)) return registerModelAgent(s, id, type as ModelAdapterType, params.config ?? {});
        if (!(adapterIds as readonly string[]).includes(type)) {
          throw new RpcError(rpcCodes.invalidParams, `Invalid params: adapter_type '${type}' is none of ${[...modelAdapterTypes, ...adapterIds].join(', ')}`);
        }
        const config = Object.fromEntries(Object.entries(params.config ?? {}).map(([key, value]) => [camel(key), value]));
        const parsed = validAgentSchema.safeParse({ ...config, id, adapter: type as AdapterId });
        if (!parsed.success) throw new RpcError(rpcCodes.invalidParams, `Invalid params: config: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, parsed.error.issues);
        s.agents.register(parsed.data);
        const detection = await s.agents.detect(id);
        if (!detection.found) {
          s.agents.remove(id);
          throw new RpcError(rpcCodes.agentInitFailed, `Agent '${id}' cannot start: ${detection.error ?? 'its program was not found'}`, { reason: detection.error });
        }
        s.sampler.markStarted(id);
        return { agent_id: id, adapter_type: type, kind: 'process', status: agentStatusOf(s.agents.get(id)), registered_at: iso() };
      },
    }),

    'agent.shutdown': rpcMethod({
      params: rpcParams['agent.shutdown'],
      async handler(params) {
        const id = params.agent_id;
        s.agents.get(id);
        s.sampler.transitions.set(id, 'stopping');
        try {
          s.agents.setEnabled(id, false);
          await settleAgentTasks(s, id, { queued: 'cancel', force: params.force, timeoutS: params.timeout ?? 30, reason: 'the agent was shut down' });
        } finally {
          s.sampler.transitions.delete(id);
        }
        const agent = s.agents.get(id);
        return { agent_id: id, status: agentStatusOf(agent), shutdown_at: iso(), final_metrics: await s.sampler.current(agent) };
      },
    }),

    'agent.restart': rpcMethod({
      params: rpcParams['agent.restart'],
      async handler(params) {
        const id = params.agent_id;
        const before = s.agents.get(id);
        if (before.kind === 'remote') throw new RpcError(rpcCodes.permissionDenied, `'${id}' is a remote agent: it restarts itself (it reconnects to /gateway/connect)`);
        s.sampler.transitions.set(id, 'starting');
        try {
          await settleAgentTasks(s, id, { queued: params.preserve_state ? 'keep' : 'cancel', force: false, timeoutS: params.timeout ?? 30, reason: 'the agent was restarted' });
          if (!params.preserve_state) s.env.reset(id);
          s.agents.setEnabled(id, true);
          const detection = await s.agents.detect(id);
          if (!detection.found) throw new RpcError(rpcCodes.agentInitFailed, `Agent '${id}' cannot start: ${detection.error ?? 'not found'}`, { reason: detection.error });
          s.sampler.markStarted(id);
        } finally {
          s.sampler.transitions.delete(id);
        }
        return { agent_id: id, status: agentStatusOf(s.agents.get(id)), restarted_at: iso(), preserved_state: params.preserve_state };
      },
    }),

    'agent.status': rpcMethod({
      params: rpcParams['agent.status'],
      scoped: true,
      readOnly: true,
      async handler(params, call) {
        assertSelf(call, s.taskStore, params.agent_id);
        const agent = s.agents.get(params.agent_id);
        const current = s.taskStore.withStatus('assigned', 'running').find((task) => task.assigned_agents.length === 1 && task.assigned_agents[0] === agent.id);
        const heartbeat = s.presence.get(agent.id)?.lastHeartbeat ?? agent.remote?.lastHeartbeat ?? agent.detectedAt ?? null;
        return {
          agent_id: agent.id,
          status: agentStatusOf(agent, s.sampler.transitions.get(agent.id)),
          current_task: current?.id ?? null,
          metrics: await s.sampler.current(agent),
          last_heartbeat: heartbeat,
          kind: agent.kind,
          adapter_type: agent.kind === 'model' ? agent.model?.adapterType : agent.type,
        };
      },
    }),
  };
}

async function registerModelAgent(s: RpcServices, id: string, adapterType: ModelAdapterType, raw: Record<string, unknown>) {
  const parsed = modelAgentSettingsSchema.safeParse(raw);
  if (!parsed.success) throw new RpcError(rpcCodes.invalidParams, `Invalid params: config: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, parsed.error.issues);
  const config = parsed.data;
  const record = {
    id,
    name: config.name ?? id,
    adapterType,
    model: config.model ?? null,
    systemPrompt: config.system_prompt ?? null,
    temperature: config.temperature ?? null,
    maxTokens: config.max_tokens ?? null,
    capabilities: config.capabilities ?? ['chat', adapterType],
    maxConcurrent: config.max_concurrent ?? 4,
    enabled: true,
    createdAt: iso(),
  };
  const unavailable = s.modelAgents.unavailableReason(record);
  if (unavailable) throw new RpcError(rpcCodes.agentInitFailed, `Agent '${id}' cannot start: ${unavailable}`, { reason: unavailable });
  s.modelAgents.save(record);
  s.sampler.markStarted(id);
  s.bus.emit('agent.changed', { id });
  return { agent_id: id, adapter_type: adapterType, kind: 'model', status: agentStatusOf(s.agents.get(id)), registered_at: record.createdAt };
}
