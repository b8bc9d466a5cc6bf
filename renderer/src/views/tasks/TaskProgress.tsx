import type { TaskEvent, TaskView } from '@shared/contract';
import { useMemo } from 'react';
import { Icon } from '../../components/Icon';
import { formatDuration } from '../../lib/format';
import { currentActivity, describeActivity } from './activity';

/** While a task runs: what it is doing now, how long it has run, and when it last did something. */
export function TaskProgress({ task, events, now }: { task: TaskView; events: TaskEvent[]; now: number }) {
  const activity = useMemo(() => currentActivity(task.status, events), [task.status, events]);
  const since = Date.parse(task.started_at ?? task.created_at);
  const last = events.at(-1)?.ts;
  const idleMs = last ? now - Date.parse(last) : null;
  return (
    <section className="task-progress" aria-label="Progress" data-testid="task-progress">
      <div className="task-progress-now" data-testid="task-activity" data-activity={activity.kind}>
        <span className="live-dot live-open" aria-hidden="true" />
        <strong>{describeActivity(activity)}</strong>
        {activity.kind === 'command' ? (
          <code className="truncate" title={activity.command} data-testid="task-activity-command">
            {activity.command}
          </code>
        ) : null}
      </div>
      <dl className="task-progress-facts">
        <div>
          <dt>{task.started_at ? 'Running for' : 'Waiting for'}</dt>
          <dd data-testid="task-elapsed">
            <Icon name="clock" size={13} /> {formatDuration(Math.max(0, now - since))}
          </dd>
        </div>
        <div>
          <dt>Last activity</dt>
          <dd data-testid="task-last-activity" title={last}>
            {idleMs === null ? '—' : idleMs < 1_500 ? 'just now' : `${formatDuration(idleMs)} ago`}
          </dd>
        </div>
      </dl>
    </section>
  );
}
