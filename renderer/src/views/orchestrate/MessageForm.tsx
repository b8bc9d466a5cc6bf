import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { stores } from '../../stores';

/** The business entry: a message to the orchestrator, which plans and hands the work out. */
export function MessageForm({ orchestrator }: { orchestrator: string | null }) {
  const [message, setMessage] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    if (busy || !message.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await stores.orchestration.getState().send(message.trim(), sessionId.trim() || undefined);
      setMessage('');
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };
  // Enter sends, Shift+Enter is a new line: the message box is the page's main control.
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form className="panel orchestrate-form" onSubmit={submit} data-testid="orchestrate-form">
      <Field label={orchestrator ? `Message to ${orchestrator}` : 'Message'} hint="Enter sends; Shift+Enter starts a new line. Messages in one session share their history.">
        <textarea
          rows={3}
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          onKeyDown={onKey}
          placeholder="Plan this change, hand the tests to one agent and the docs to another"
          disabled={!orchestrator}
          data-testid="orchestrate-message"
        />
      </Field>
      <div className="orchestrate-form-row">
        <Field label="Session (optional)" className="grow">
          <input value={sessionId} onChange={(event) => setSessionId(event.target.value)} placeholder="release-2.4" data-testid="orchestrate-session" />
        </Field>
        <Button type="submit" variant="primary" icon="send" busy={busy} disabled={!orchestrator || !message.trim()} data-testid="orchestrate-send">
          Send
        </Button>
      </div>
      <InlineError testId="orchestrate-error">{error}</InlineError>
    </form>
  );
}
