import type { AgentMetrics } from '../../../../shared/schemas/monitor.js';
import { metricTypes } from '../../../../shared/schemas/monitor.js';
import { rpcParams } from '../../../../shared/schemas/rpc.js';
import { rpcMethod } from '../dispatcher.js';
import { rpcCodes, RpcError } from '../rpc-error.js';
import type { RpcServices } from '../rpc-services.js';
import { assertOwnTask, assertSelf, iso } from '../scope.js';

const timeOf = (text: string | undefined) => (text === undefined ? undefined : Date.parse(text));

/** metrics.report, metrics.query, tokens.usage, tokens.summary. */
export function metricsMethods(s: RpcServices) {
  return {
    'metrics.report': rpcMethod({
      params: rpcParams['metrics.report'],
      scoped: true,
      handler(params, call) {
        const reported = params.metrics;
        assertSelf(call, s.taskStore, reported.agent_id);
        s.agents.get(reported.agent_id);
        const timestamp = reported.timestamp ?? iso();
        // A report older than what we keep would be deleted at once: say so rather than pretend.
        const accepted = s.metrics.retains(Date.parse(timestamp)) && Date.parse(timestamp) <= Date.now() + 300_000;
        if (accepted) {
          const sample = { agent_id: reported.agent_id, timestamp: new Date(Date.parse(timestamp)).toISOString(), status: reported.status } as AgentMetrics;
          for (const type of metricTypes) (sample as unknown as Record<string, number | null>)[type] = (reported[type] as number | null | undefined) ?? null;
          s.metrics.add([sample], 'reported', params.additional_data);
          s.bus.emit('metrics.reported', { agent_id: reported.agent_id, status: reported.status });
        }
        return { reported_at: iso(), accepted };
      },
    }),

    'metrics.query': rpcMethod({
      params: rpcParams['metrics.query'],
      readOnly: true,
      handler(params) {
        const startMs = timeOf(params.start_time);
        const endMs = timeOf(params.end_time);
        if (startMs !== undefined && endMs !== undefined && startMs > endMs) throw new RpcError(rpcCodes.invalidParams, 'Invalid params: start_time is after end_time');
        return s.metrics.query({ agentId: params.agent_id, startMs, endMs, types: params.metric_types, aggregation: params.aggregation, interval: params.interval, limit: params.limit });
      },
    }),

    'tokens.usage': rpcMethod({
      params: rpcParams['tokens.usage'],
      scoped: true,
      handler(params, call) {
        if (!s.taskStore.get(params.task_id)) throw new RpcError(rpcCodes.taskNotFound, `No task '${params.task_id}'`);
        assertOwnTask(call, s.taskStore, params.task_id);
        return s.tokens.report(params.task_id, params.usage);
      },
    }),

    'tokens.summary': rpcMethod({
      params: rpcParams['tokens.summary'],
      readOnly: true,
      handler(params) {
        if (params.agent_id) s.agents.get(params.agent_id);
        return s.tokens.summary({ agentId: params.agent_id, timeframe: params.timeframe, startMs: timeOf(params.start_time), endMs: timeOf(params.end_time) });
      },
    }),
  };
}
