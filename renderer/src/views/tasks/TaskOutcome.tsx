import type { TaskView } from '@shared/contract';
import { Icon } from '../../components/Icon';
import { InlineError } from '../../components/InlineError';
import { Markdown } from '../../components/Markdown';

/**
 * How a task ended, said once: a cancel the user chose is a plain note, not an error; an
 * interruption a warning; a failure or timeout an error.
 */
export function TaskEndNote({ task }: { task: TaskView }) {
  if (task.status === 'cancelled') {
    // The stored error only repeats "cancelled" (per agent, for a fan-out); when it happened is the news.
    const when = task.error?.includes('before it started') ? ' before it started' : '';
    return (
      <div className="notice notice-neutral" role="status" data-testid="task-cancelled">
        <Icon name="stop" />
        <span>Cancelled{when}. Nothing more runs for it; re-run it to start again.</span>
      </div>
    );
  }
  if (task.status === 'interrupted') {
    return (
      <div className="notice notice-warning" role="status" data-testid="task-interrupted">
        <Icon name="alert" />
        <span>{task.error ?? 'Interrupted'}. Re-run it to start again.</span>
      </div>
    );
  }
  return task.error ? <InlineError testId="task-error">{task.error}</InlineError> : null;
}

/** The text the result card shows: a completed task's answer, or the combined answers of a fan-out. */
export function resultCardText(task: TaskView): string | null {
  if (!task.result?.trim()) return null;
  return task.status === 'completed' || task.children.length ? task.result : null;
}

export function TaskResultCard({ text }: { text: string }) {
  return (
    <section className="panel" aria-labelledby="result-title">
      <h2 id="result-title" className="panel-title">
        Result
      </h2>
      <Markdown text={text} className="result-text" testId="task-result" />
    </section>
  );
}
