import type { HandlerGroup, UiContext } from './types.js';

export function hubHandlers({ services }: UiContext): HandlerGroup<'hub.conversations' | 'hub.messages'> {
  const { store } = services.agentHub;
  return {
    'hub.conversations': ({ limit }) => store.conversations(limit),
    'hub.messages': ({ conversationId, limit }) => store.messages(conversationId, limit),
  };
}
