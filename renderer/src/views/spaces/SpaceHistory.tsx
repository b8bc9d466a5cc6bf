import type { SpaceHistoryEntry } from '@shared/contract';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { Markdown } from '../../components/Markdown';
import { formatDateTime } from '../../lib/format';
import { routeHref } from '../../router/route';

/** `task_0e7a1b2c-…` -> `0e7a1b2c`: enough to tell tasks apart in a list. */
export const shortTaskId = (id: string) => id.replace(/^task_/, '').slice(0, 8);

/** Where a task came from, as its `source` says (`ui`, `cli`, `api`, or what a client named itself). */
const sourceName = (source: string | null) => ({ ui: 'the dashboard', cli: 'the CLI', api: 'the API', tray: 'the tray' } as Record<string, string>)[source ?? ''] ?? source ?? 'a client';

const changeTone: Record<string, 'success' | 'info' | 'danger' | 'neutral'> = { add: 'success', modify: 'info', delete: 'danger' };

/** A space's messages and artifacts, newest first, each linked to the task it came from. */
export function SpaceHistory({ entries }: { entries: SpaceHistoryEntry[] }) {
  if (!entries.length) {
    return (
      <p className="muted small" data-testid="space-history-empty">
        Nothing yet. Send a task in this space: its prompt, the agent's answer and the files it changed appear here.
      </p>
    );
  }
  return (
    <ol className="space-history" data-testid="space-history">
      {entries.map((entry, index) => (
        <li key={index} className={`space-entry space-entry-${entry.kind}`} data-testid="space-entry" data-kind={entry.kind}>
          <div className="space-entry-head">
            <Icon name={entry.kind === 'artifact' ? 'file' : entry.role === 'user' ? 'message' : 'agents'} />
            <strong>{entry.kind === 'artifact' ? 'Artifact' : entry.role === 'user' ? `Task sent from ${sourceName(entry.author)}` : `${entry.author ?? 'Agent'} answered`}</strong>
            {entry.task_id ? (
              <a href={routeHref({ view: 'task', id: entry.task_id })} className="mono small muted" title={entry.task_id}>
                {shortTaskId(entry.task_id)}
              </a>
            ) : null}
            <time className="muted small space-entry-time" dateTime={entry.created_at}>
              {formatDateTime(entry.created_at)}
            </time>
          </div>
          {entry.kind === 'message' ? (
            <Markdown text={entry.content} className="space-message" />
          ) : (
            // Artifacts are the files tasks changed. Once the space API stores artifact
            // content (POST /spaces/:id/artifacts), this row is where a link to it goes.
            <div className="event-line">
              <span className="mono truncate" data-testid="space-artifact-name">
                {entry.name}
              </span>
              {entry.change ? <Badge tone={changeTone[entry.change] ?? 'neutral'}>{entry.change}</Badge> : null}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
