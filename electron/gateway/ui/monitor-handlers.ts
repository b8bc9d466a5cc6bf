import type { HandlerGroup, UiContext } from './types.js';

type MonitorMethods = 'env.presets' | 'env.switch' | 'env.snapshots' | 'env.snapshot' | 'env.rollback' | 'monitor.metrics' | 'monitor.locks' | 'audit.list';

/** The Monitor view and the env presets panel: the same services as JSON-RPC's env.* and metrics.query. */
export function monitorHandlers({ services }: UiContext): HandlerGroup<MonitorMethods> {
  const { env, locks, metrics, audit } = services.manager;
  return {
    'env.presets': () => ({ presets: env.presets(), active: env.active() }),
    'env.switch': ({ agentId, preset, createSnapshot }) => env.switch({ agentId, preset, createSnapshot }),
    'env.snapshots': ({ agentId }) => env.listSnapshots(agentId),
    'env.snapshot': ({ agentId, description }) => env.snapshot({ agentId, description }),
    'env.rollback': ({ snapshotId, force }) => env.rollback({ snapshotId, force }),
    'monitor.metrics': ({ agentId, since, interval }) => metrics.query({ agentId, startMs: since, interval, aggregation: interval ? 'avg' : undefined, limit: 2_000 }),
    'monitor.locks': () => locks.list(),
    'audit.list': ({ limit, beforeId }) => audit.list({ limit, beforeId }),
  };
}
