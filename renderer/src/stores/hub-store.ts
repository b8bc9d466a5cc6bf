import type { ConversationView, HubMessageView } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';

export interface HubSlice extends Loadable {
  /** Newest activity first. */
  conversations: ConversationView[];
  selected: string | null;
  /** The selected conversation's messages, oldest first. */
  messages: HubMessageView[];
  load(): Promise<void>;
  select(conversationId: string | null): Promise<void>;
  connect(): Unsubscribe;
}
export type HubStore = HubSlice;

const shownConversations = 50;
const shownMessages = 200;

/** Folds one live message into the conversation list: bumped to the top, counted, its last message replaced. */
function withMessage(conversations: ConversationView[], message: HubMessageView): ConversationView[] {
  const existing = conversations.find((entry) => entry.conversation_id === message.conversation_id);
  const participants = [...new Set([...(existing?.participants ?? []), message.from_agent_id, message.to_agent_id])];
  const updated: ConversationView = {
    conversation_id: message.conversation_id,
    participants,
    message_count: (existing?.message_count ?? 0) + 1,
    started_at: existing?.started_at ?? message.timestamp,
    updated_at: message.timestamp,
    last: message,
  };
  return [updated, ...conversations.filter((entry) => entry !== existing)].slice(0, shownConversations);
}

/**
 * The loaded page of a conversation joined with the live messages that arrived while it loaded:
 * each message once (by id), oldest first, the newest `shownMessages` kept.
 */
function mergeMessages(loaded: HubMessageView[], live: HubMessageView[]): HubMessageView[] {
  const known = new Set(loaded.map((message) => message.message_id));
  const merged = [...loaded, ...live.filter((message) => !known.has(message.message_id))];
  merged.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return merged.slice(-shownMessages);
}

export const createHubSlice =
  ({ api }: StoreDeps): StateCreator<HubStore, [], [], HubSlice> =>
  (set, get) => ({
    ...initialLoadable,
    conversations: [],
    selected: null,
    messages: [],
    async load() {
      set({ loading: true });
      try {
        const conversations = await api.call('hub.conversations', { limit: shownConversations });
        set({ conversations, loaded: true, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: errorMessage(error) });
      }
    },
    async select(conversationId) {
      set({ selected: conversationId, messages: [] });
      if (!conversationId) return;
      try {
        const messages = await api.call('hub.messages', { conversationId, limit: shownMessages });
        // Live messages that arrived while this loaded may or may not be in the page: keep both.
        if (get().selected === conversationId) set((state) => ({ messages: mergeMessages(messages, state.messages) }));
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },
    connect() {
      return api.on('hub.message', (message) => {
        set((state) => ({
          conversations: withMessage(state.conversations, message),
          messages: state.selected === message.conversation_id ? mergeMessages(state.messages, [message]) : state.messages,
        }));
      });
    },
  });

export const createHubStore = (deps: StoreDeps) => createStore<HubStore>()((...args) => ({ ...createHubSlice(deps)(...args) }));

export const hubSelectors = {
  conversations: (state: HubStore) => state.conversations,
  selected: (state: HubStore) => state.selected,
  messages: (state: HubStore) => state.messages,
  loaded: (state: HubStore) => state.loaded,
  error: (state: HubStore) => state.error,
};
