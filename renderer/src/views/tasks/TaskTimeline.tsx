import type { TaskEvent } from '@shared/contract';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { buildTimeline } from './timeline';
import { TimelineEntry } from './TimelineEntry';

/** Long logs show their tail; the rest is one click away. */
const tailSize = 300;

export function TaskTimeline({ events, live, shownElsewhere }: { events: TaskEvent[]; live: boolean; shownElsewhere: readonly (string | null)[] }) {
  const items = useMemo(() => buildTimeline(events, shownElsewhere), [events, shownElsewhere]);
  const [showAll, setShowAll] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  // A finished task opens at its start; a running one follows its newest output.
  const pinned = useRef(live);
  const shown = showAll ? items : items.slice(-tailSize);

  // Follow new output while the reader is at the bottom; leave them be once they scroll up.
  useLayoutEffect(() => {
    const element = list.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [items]);

  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <div className="panel-header">
        <h2 id="timeline-title">Activity</h2>
        {live ? (
          <span className="live-label small">
            <span className="live-dot live-open" aria-hidden="true" /> live
          </span>
        ) : null}
      </div>
      {items.length > shown.length ? (
        <div className="timeline-more">
          <Button size="sm" variant="ghost" onClick={() => setShowAll(true)}>
            Show {items.length - shown.length} earlier entries
          </Button>
        </div>
      ) : null}
      <ol
        className="events"
        ref={list}
        data-testid="task-events"
        aria-label="Task activity"
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
        }}
      >
        {shown.map((item) => (
          <TimelineEntry key={item.key} item={item} />
        ))}
        {!items.length ? <li className="muted small events-empty">{live ? 'Waiting for the agent…' : 'No activity was recorded.'}</li> : null}
      </ol>
    </section>
  );
}
