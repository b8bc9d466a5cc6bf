import { runtimeTask } from '../orchestration/runtime-tasks.js';
import type { HandlerGroup, UiContext } from './types.js';

/** The dashboard's Orchestrate page and the Agents view's catalog: faces of the orchestration service. */
export function orchestrationHandlers({ services }: UiContext): HandlerGroup<'orchestration.catalog' | 'orchestration.message' | 'orchestration.control' | 'orchestration.runs' | 'orchestration.tree'> {
  const { orchestration, taskStore } = services;
  const ui = { via: 'ui' } as const;
  return {
    'orchestration.catalog': ({ layer }) => orchestration.catalog(layer),
    'orchestration.message': ({ message, sessionId }) => orchestration.message({ message, sessionId, sender: 'ui' }, { testHeader: false, testEnv: false }, ui),
    'orchestration.control': (body) => orchestration.control(body, ui),
    'orchestration.runs': ({ limit }) => {
      const orchestrator = orchestration.orchestratorId();
      if (!orchestrator) return [];
      return taskStore.list({ agent: orchestrator, parentId: null, limit, offset: 0 }).tasks.map(runtimeTask);
    },
    'orchestration.tree': ({ taskId }) => orchestration.tree(taskId),
  };
}
