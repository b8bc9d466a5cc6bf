import { useEffect } from 'react';
import { TaskStatusBadge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { navigate, routeHref } from '../../router/route';
import { stores, tasksSelectors, useTasks } from '../../stores';
import type { SubmitResult } from '../../stores/tasks-store';

/** The submitted task's id, a link to it, and its live status. */
export function DispatchConfirmation({ result, onOpen }: { result: SubmitResult; onOpen?: () => void }) {
  const detail = useTasks(tasksSelectors.detail(result.task_id));
  useEffect(() => {
    void stores.tasks.getState().openTask(result.task_id);
    return () => stores.tasks.getState().closeTask(result.task_id);
  }, [result.task_id]);
  return (
    <div className="confirmation" role="status" data-testid="dispatch-confirmation">
      <Icon name="check" />
      <div className="confirmation-body">
        <div className="confirmation-title">
          <strong>Task submitted</strong>
          <TaskStatusBadge status={detail?.task?.status ?? result.status} />
        </div>
        <a
          href={routeHref({ view: 'task', id: result.task_id })}
          className="mono small"
          data-testid="dispatch-task-link"
          onClick={(event) => {
            if (!onOpen || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            // Navigate first, then close: a link removed mid-click may not be followed.
            event.preventDefault();
            navigate({ view: 'task', id: result.task_id });
            onOpen();
          }}
        >
          {result.task_id}
        </a>
        {result.message ? <div className="muted small">{result.message}</div> : null}
      </div>
    </div>
  );
}
