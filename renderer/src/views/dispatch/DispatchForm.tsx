import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { agentsSelectors, stores, useAgents } from '../../stores';
import type { SubmitResult } from '../../stores/tasks-store';
import { DispatchConfirmation } from './DispatchConfirmation';

const automatic = 'gateway';

interface DispatchFormProps {
  agent?: string | null;
  autoFocus?: boolean;
  onSubmitted?: (result: SubmitResult) => void;
}

/** Describe a task, pick an agent or let routing choose, press Enter. */
export function DispatchForm({ agent, autoFocus = true, onSubmitted }: DispatchFormProps) {
  const agents = useAgents(agentsSelectors.agents);
  const [text, setText] = useState('');
  const [target, setTarget] = useState(agent ?? automatic);
  const [cwd, setCwd] = useState('');
  const [model, setModel] = useState('');
  const [worktree, setWorktree] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<SubmitResult | null>(null);

  useEffect(() => {
    if (!stores.agents.getState().loaded) void stores.agents.getState().load();
  }, []);

  const send = async () => {
    if (busy) return;
    if (!text.trim()) return setError('Describe the task first.');
    setBusy(true);
    setError(null);
    try {
      const result = await stores.tasks.getState().submit({
        task: text,
        target,
        ...(cwd.trim() ? { cwd: cwd.trim() } : {}),
        ...(model.trim() ? { model: model.trim() } : {}),
        ...(worktree ? { isolation: 'worktree' as const } : {}),
      });
      setSubmitted(result);
      setText('');
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
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          rows={4}
          placeholder="e.g. Add a --json flag to the export command and cover it with a test"
          autoFocus={autoFocus}
          data-testid="dispatch-input"
        />
      </Field>
      <div className="dispatch-row">
        <Field label="Agent" className="grow">
          <select value={target} onChange={(event) => setTarget(event.target.value)} data-testid="dispatch-agent">
            <option value={automatic}>Automatic routing</option>
            {agents.map((entry) => (
              <option key={entry.id} value={entry.id} disabled={entry.state === 'disabled'}>
                {entry.name === entry.id ? entry.id : `${entry.name} (${entry.id})`} · {entry.state}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="primary" icon="send" busy={busy} data-testid="dispatch-send">
          Send
        </Button>
      </div>
      <details className="dispatch-options">
        <summary>Options</summary>
        <div className="form-grid">
          <Field label="Working directory" hint="Where the agent runs; default: the agent's own.">
            <input value={cwd} onChange={(event) => setCwd(event.target.value)} placeholder="/path/to/repo" data-testid="dispatch-cwd" />
          </Field>
          <Field label="Model" hint="Overrides the agent's model for this task.">
            <input value={model} onChange={(event) => setModel(event.target.value)} data-testid="dispatch-model" />
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={worktree} onChange={(event) => setWorktree(event.target.checked)} data-testid="dispatch-worktree" />
          Run in a fresh git worktree (the working directory must be a git repository)
        </label>
      </details>
      <InlineError testId="dispatch-error">{error}</InlineError>
      {submitted ? <DispatchConfirmation result={submitted} /> : null}
    </form>
  );
}
