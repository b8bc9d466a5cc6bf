import type { HandlerGroup, UiContext } from './types.js';

/** Space memory on the dashboard: search, the embedding backlog, and the settings it shows. */
export function memoryHandlers({ services }: UiContext): HandlerGroup<'memory.search' | 'memory.status' | 'memory.settings' | 'memory.configure'> {
  const { memory, config } = services;
  return {
    'memory.search': ({ q, spaces, mode, limit }) => memory.search({ q, spaces, mode, limit }),
    'memory.status': () => memory.status(),
    'memory.settings': () => config.get().memory,
    'memory.configure': ({ embeddingModel, contextChunks, contextChars }) =>
      config.update((document) => {
        const current = { ...((document.memory as Record<string, unknown> | undefined) ?? {}) };
        if (embeddingModel === null) delete current.embeddingModel;
        else if (embeddingModel !== undefined) current.embeddingModel = embeddingModel;
        if (contextChunks !== undefined) current.contextChunks = contextChunks;
        if (contextChars !== undefined) current.contextChars = contextChars;
        return { ...document, memory: current };
      }).memory,
  };
}
