import type { TaskEvent } from '@shared/contract';
import { memorySourceText } from './memory-source';

/** The chunks of its space's memory a task was given as it started (its `memory` event). */
export function TaskMemoryPanel({ events }: { events: readonly TaskEvent[] }) {
  const given = events.find((event) => event.body.kind === 'memory')?.body;
  if (given?.kind !== 'memory') return null;
  return (
    <section className="panel" aria-labelledby="task-memory-title" data-testid="task-memory">
      <h2 id="task-memory-title" className="panel-title">
        Context from memory <span className="muted small">{given.mode}</span>
      </h2>
      <ol className="memory-given">
        {given.chunks.map((chunk) => (
          <li key={chunk.chunk_id} data-testid="task-memory-chunk" data-chunk-id={chunk.chunk_id}>
            <span>{memorySourceText(chunk.source)}</span>
            <span className="muted small">
              {' '}
              · score {chunk.score.toFixed(4)} · {chunk.chars} chars
            </span>
          </li>
        ))}
      </ol>
      {given.message ? <p className="muted small">{given.message}</p> : null}
    </section>
  );
}
