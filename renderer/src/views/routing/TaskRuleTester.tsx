import { useState, type FormEvent } from 'react';
import type { TaskRouteDecision } from '@shared/contract';
import { api, errorMessage } from '../../api';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { InlineError } from '../../components/InlineError';

/** "Which agent would take this task?": the task rules (`routing:` in the config), as `agentmesh route test` shows them. */
export function TaskRuleTester() {
  const [task, setTask] = useState('');
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<TaskRouteDecision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (!task.trim()) return;
    setRunning(true);
    try {
      setResult(await api.call('taskRules.test', { task }));
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setRunning(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="task-rule-tester-title">
      <h2 id="task-rule-tester-title" className="panel-title">
        Which agent takes a task?
      </h2>
      <p className="muted small">Task rules (<code>routing:</code> in the config) for a task sent to the gateway.</p>
      <form className="tester-form" onSubmit={(event) => void run(event)}>
        <label className="sr-only" htmlFor="task-rule-test-input">
          Task text
        </label>
        <input id="task-rule-test-input" value={task} onChange={(event) => setTask(event.target.value)} placeholder="review the last commit" data-testid="task-rule-test-input" />
        <Button type="submit" icon="search" busy={running} disabled={!task.trim()} data-testid="task-rule-test-submit">
          Test
        </Button>
      </form>
      <InlineError testId="task-rule-test-error">{error}</InlineError>
      {result ? (
        <div className="tester-result" data-testid="task-rule-test-result" role="status">
          <p>
            {result.agents.length ? (
              <>
                Goes to <code data-testid="task-rule-test-agents">{result.agents.join(', ')}</code>
                {result.strategy === 'broadcast' ? ' (broadcast)' : ''}
              </>
            ) : (
              <span className="warning-text">No agent would take it.</span>
            )}
          </p>
          <p className="small" data-testid="task-rule-test-reason">
            {result.reason}
          </p>
          {result.matches.length ? (
            <ol className="chain">
              {result.matches.map((match) => (
                <li key={match.rule} className="chain-item" data-testid="task-rule-test-match">
                  <span className="mono">{match.rule}</span>
                  <span className="muted small">priority {match.priority}</span>
                  {match.outcome === 'chosen' ? <Badge tone="success">chosen</Badge> : <Badge tone="warning">passed</Badge>}
                  <span className="muted small">{match.outcome === 'chosen' ? `matched ${match.keywords.join(', ')}` : match.outcome}</span>
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
