import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { InlineError } from '../../components/InlineError';
import { formatDateTime } from '../../lib/format';
import { routeHref } from '../../router/route';
import { spacesSelectors, stores, useSpaces } from '../../stores';
import { spaceName } from '../../stores/spaces-store';
import { DispatchDialog } from '../dispatch/DispatchDialog';
import { MemorySearch } from '../memory/MemorySearch';
import { useNow } from '../tasks/use-now';
import { SpaceHistory } from './SpaceHistory';
import { SpaceTasks } from './SpaceTasks';

/** `#/spaces/<id>`: what a space holds (newest first), its tasks, and a way to add one. */
export function SpacePage({ id }: { id: string }) {
  const open = useSpaces(spacesSelectors.open);
  const [newTask, setNewTask] = useState(false);
  useEffect(() => {
    void stores.spaces.getState().openSpace(id);
    return () => stores.spaces.getState().closeSpace(id);
  }, [id]);
  const detail = open?.id === id ? open.detail : null;
  const error = open?.id === id ? open.error : null;
  const now = useNow(Boolean(detail?.tasks.some((task) => !task.finished_at)));

  const back = (
    <a href={routeHref({ view: 'spaces' })} className="back-link">
      <Icon name="back" /> Spaces
    </a>
  );
  if (!detail) {
    return (
      <>
        {back}
        {error ? (
          <EmptyState icon="alert" title="Space not found" testId="space-missing">
            <p>{error}</p>
          </EmptyState>
        ) : (
          <div className="skeleton-page" aria-busy="true" aria-label="Loading space" />
        )}
      </>
    );
  }
  const { space, history, tasks } = detail;
  const name = spaceName(space);

  return (
    <div data-testid="space-page" data-space-id={space.shared_space_id}>
      {back}
      <header className="page-header">
        <div className="task-heading">
          <h1 data-testid="space-title">{name ?? 'Unnamed space'}</h1>
          <div className="task-meta">
            <span className="mono muted small">{space.shared_space_id}</span>
            <CopyButton text={space.shared_space_id} label="Copy id" />
            <span className="muted small">
              · {space.message_count} messages · {space.artifact_count} artifacts · created {formatDateTime(space.created_at)}
            </span>
          </div>
        </div>
        <div className="page-actions">
          <Button variant="primary" icon="send" onClick={() => setNewTask(true)} data-testid="space-new-task">
            New task in this space
          </Button>
        </div>
      </header>
      <InlineError testId="space-error">{error}</InlineError>
      <MemorySearch spaceId={space.shared_space_id} />
      <div className="space-layout">
        <section className="panel" aria-labelledby="space-history-title">
          <h2 id="space-history-title" className="panel-title">
            History <span className="muted small">newest first</span>
          </h2>
          <SpaceHistory entries={history} />
        </section>
        <section className="panel" aria-labelledby="space-tasks-title">
          <h2 id="space-tasks-title" className="panel-title">
            Tasks
          </h2>
          <SpaceTasks tasks={tasks} now={now} />
        </section>
      </div>
      {newTask ? <DispatchDialog agent={null} spaceId={space.shared_space_id} onClose={() => setNewTask(false)} /> : null}
    </div>
  );
}
