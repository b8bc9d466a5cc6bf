import type { SpaceView } from '@shared/contract';
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { agentsSelectors, spacesSelectors, stores, useAgents, useSpaces } from '../../stores';
import { spaceName } from '../../stores/spaces-store';
import type { SubmitResult } from '../../stores/tasks-store';
import { DispatchConfirmation } from './DispatchConfirmation';
import { automatic, emptyDraft, fanOut, submitInput, type DispatchDraft } from './dispatch-draft';
import { DispatchOptions, FanOutPicker } from './DispatchOptions';

interface DispatchFormProps {
  agent?: string | null;
  /** A space to send the task in (the space page's "New task in this space"). */
  spaceId?: string | null;
  autoFocus?: boolean;
  onSubmitted?: (result: SubmitResult) => void;
  /** The confirmation's link to the task was followed (a dialog closes then). */
  onOpenTask?: () => void;
}

/** Describe a task, pick an agent (or several, or let routing choose), press Enter. */
export function DispatchForm({ agent, spaceId, autoFocus = true, onSubmitted, onOpenTask }: DispatchFormProps) {
  const agents = useAgents(agentsSelectors.agents);
  const spaces = useSpaces(spacesSelectors.spaces);
  const [draft, setDraft] = useState<DispatchDraft>(() => emptyDraft(agent ?? automatic, spaceId ?? ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<SubmitResult | null>(null);
  const change = (patch: Partial<DispatchDraft>) => setDraft((current) => ({ ...current, ...patch }));

  useEffect(() => {
    if (!stores.agents.getState().loaded) void stores.agents.getState().load();
    if (!stores.spaces.getState().loaded) void stores.spaces.getState().load();
  }, []);

  const send = async () => {
    if (busy) return;
    const built = submitInput(draft);
    if ('error' in built) return setError(built.error);
    setBusy(true);
    setError(null);
    try {
      const result = await stores.tasks.getState().submit(built.input);
      setSubmitted(result);
      change({ text: '' });
      onSubmitted?.(result);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form className="dispatch-form" onSubmit={onSubmit} data-testid="dispatch-form">
      <Field label="Task" hint="Enter sends · Shift+Enter adds a line">
        <textarea
          value={draft.text}
          onChange={(event) => change({ text: event.target.value })}
          onKeyDown={onKeyDown}
          rows={4}
          placeholder="e.g. Add a --json flag to the export command and cover it with a test"
          autoFocus={autoFocus}
          data-testid="dispatch-input"
        />
      </Field>
      <div className="dispatch-row">
        <Field label="Agent" className="grow">
          <select value={draft.target} onChange={(event) => change({ target: event.target.value })} data-testid="dispatch-agent">
            <option value={automatic}>Automatic routing</option>
            {agents.map((entry) => (
              <option key={entry.id} value={entry.id} disabled={entry.state === 'disabled'}>
                {entry.name === entry.id ? entry.id : `${entry.name} (${entry.id})`} · {entry.state}
              </option>
            ))}
            {agents.length > 1 ? <option value={fanOut}>Several agents…</option> : null}
          </select>
        </Field>
        <Button type="submit" variant="primary" icon="send" busy={busy} data-testid="dispatch-send">
          Send
        </Button>
      </div>
      {draft.target === fanOut ? <FanOutPicker draft={draft} change={change} agents={agents} /> : null}
      <details className="dispatch-options" open={Boolean(spaceId)} data-testid="dispatch-options">
        <summary>Options{optionsSummary(draft, spaces)}</summary>
        <DispatchOptions draft={draft} change={change} spaces={spaces} />
      </details>
      <InlineError testId="dispatch-error">{error}</InlineError>
      {submitted ? <DispatchConfirmation result={submitted} onOpen={onOpenTask} /> : null}
    </form>
  );
}

/** What is set under Options, so a closed section still says it. */
function optionsSummary(draft: DispatchDraft, spaces: SpaceView[]): string {
  const parts: string[] = [];
  if (draft.spaceId) {
    const space = spaces.find((entry) => entry.shared_space_id === draft.spaceId);
    parts.push(`space ${(space && spaceName(space)) ?? draft.spaceId}`);
  }
  if (draft.timeoutMinutes.trim()) parts.push(`timeout ${draft.timeoutMinutes.trim()} min`);
  if (draft.worktree) parts.push('worktree');
  return parts.length ? ` · ${parts.join(' · ')}` : '';
}
