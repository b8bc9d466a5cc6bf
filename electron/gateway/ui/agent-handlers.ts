import type { HandlerGroup, UiContext } from './types.js';

export function agentHandlers({ services }: UiContext): HandlerGroup<'agents.list' | 'agents.register' | 'agents.update' | 'agents.detect' | 'agents.remove'> {
  const { agents } = services;
  return {
    'agents.list': () => agents.list(),
    'agents.register': ({ agent }) => agents.register(agent),
    'agents.update': ({ id, patch }) => agents.patch(id, patch),
    'agents.detect': async ({ id }) => {
      agents.get(id);
      await agents.detect(id);
      return agents.get(id);
    },
    'agents.remove': ({ id }) => {
      agents.remove(id);
      return { removed: true as const };
    },
  };
}
