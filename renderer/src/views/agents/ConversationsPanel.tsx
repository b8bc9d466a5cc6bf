import type { HubMessageView } from '@shared/contract';
import { useEffect } from 'react';
import { Badge } from '../../components/Badge';
import { InlineError } from '../../components/InlineError';
import { formatRelative } from '../../lib/format';
import { hubSelectors, stores, useHub } from '../../stores';

const time = (ts: string) => new Date(ts).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Agent-to-agent conversations over the hub, updated live as messages are routed. */
export function ConversationsPanel() {
  const conversations = useHub(hubSelectors.conversations);
  const selected = useHub(hubSelectors.selected);
  const messages = useHub(hubSelectors.messages);
  const loaded = useHub(hubSelectors.loaded);
  const error = useHub(hubSelectors.error);
  useEffect(() => void stores.hub.getState().load(), []);
  // The newest conversation opens by itself, so a new exchange shows without a click.
  const newest = conversations[0]?.conversation_id;
  useEffect(() => {
    if (!selected && newest) void stores.hub.getState().select(newest);
  }, [selected, newest]);

  return (
    <section className="panel conversations" data-testid="conversations" aria-labelledby="conversations-title">
      <header className="panel-header">
        <h2 className="panel-title" id="conversations-title">
          Conversations
        </h2>
        <span className="muted small">Messages between agents connected over /gateway/connect</span>
      </header>
      <InlineError testId="conversations-error">{error}</InlineError>
      {loaded && !conversations.length ? (
        <p className="muted" data-testid="conversations-empty">
          No agent-to-agent messages yet. Connected agents talk with <code>{'{"type": "send", "to_agent_id": …}'}</code> or <code>POST /gateway/send</code>.
        </p>
      ) : null}
      {conversations.length ? (
        <div className="conversations-layout">
          <ul className="conversation-list" aria-label="Conversations">
            {conversations.map((conversation) => (
              <li key={conversation.conversation_id}>
                <button
                  type="button"
                  className={`conversation-item${conversation.conversation_id === selected ? ' is-selected' : ''}`}
                  aria-pressed={conversation.conversation_id === selected}
                  onClick={() => void stores.hub.getState().select(conversation.conversation_id)}
                  data-testid={`conversation-${conversation.conversation_id}`}
                >
                  <span className="conversation-participants">{conversation.participants.join(' ↔ ')}</span>
                  <span className="muted small truncate">{conversation.last?.text ?? conversation.conversation_id}</span>
                  <span className="muted small">
                    {conversation.message_count} · {formatRelative(conversation.updated_at)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <ol className="conversation-messages" aria-label={`Messages of ${selected ?? 'no conversation'}`} data-testid="conversation-messages">
            {messages.map((message, index) => (
              <MessageEntry key={`${index}-${message.message_id}`} message={message} />
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}

function MessageEntry({ message }: { message: HubMessageView }) {
  return (
    <li className={`hub-message kind-${message.kind}`} data-testid="hub-message" data-kind={message.kind}>
      <div className="hub-message-head">
        <span className="mono">{message.from_agent_id}</span>
        <span className="muted">→</span>
        <span className="mono">{message.to_agent_id}</span>
        {message.kind === 'result' ? (
          <Badge tone={message.success ? 'success' : 'danger'}>{message.success ? 'result' : 'failed'}</Badge>
        ) : null}
        <time className="muted small" dateTime={message.timestamp}>
          {time(message.timestamp)}
        </time>
      </div>
      <p className="hub-message-text">{message.text}</p>
    </li>
  );
}
