import { useState, type FormEvent } from 'react';
import type { MemoryHit, MemorySearchResult, MemorySource } from '@shared/contract';
import { api, errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { InlineError } from '../../components/InlineError';
import { Segmented } from '../../components/Segmented';
import { formatDateTime } from '../../lib/format';
import { routeHref } from '../../router/route';
import { snippetParts } from './snippet-parts';

type Mode = 'hybrid' | 'text' | 'vector';
const modes = [
  { value: 'hybrid', label: 'Hybrid' },
  { value: 'text', label: 'Words' },
  { value: 'vector', label: 'Meaning' },
] as const;

const groups: { type: MemorySource['type']; title: string }[] = [
  { type: 'message', title: 'Messages' },
  { type: 'task', title: 'Task results' },
  { type: 'artifact', title: 'Artifacts' },
];

/** A search box over space memory: one space, or every space (`spaceId` absent); results grouped by source. */
export function MemorySearch({ spaceId, spaceNames }: { spaceId?: string; spaceNames?: Map<string, string> }) {
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<Mode>('hybrid');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<MemorySearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (event?: FormEvent, nextMode: Mode = mode) => {
    event?.preventDefault();
    if (!query.trim()) return;
    setBusy(true);
    try {
      setResult(await api.call('memory.search', { q: query.trim(), mode: nextMode, spaces: spaceId ? [spaceId] : null, limit: 20 }));
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel memory-search" aria-labelledby="memory-search-title" data-testid="memory-search">
      <h2 id="memory-search-title" className="panel-title">
        Search {spaceId ? 'this space' : 'all spaces'}
      </h2>
      <form className="tester-form" onSubmit={(event) => void run(event)}>
        <label className="sr-only" htmlFor={`memory-q-${spaceId ?? 'all'}`}>
          Search memory
        </label>
        <input
          id={`memory-q-${spaceId ?? 'all'}`}
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="what did the reviewer say about the auth module?"
          data-testid="memory-search-input"
        />
        <Segmented
          label="Search by"
          value={mode}
          options={modes}
          onChange={(next) => {
            setMode(next);
            if (result) void run(undefined, next);
          }}
          testId="memory-mode"
        />
        <Button type="submit" icon="search" busy={busy} disabled={!query.trim()} data-testid="memory-search-submit">
          Search
        </Button>
      </form>
      <InlineError testId="memory-search-error">{error}</InlineError>
      {result ? <MemoryResults result={result} spaceNames={spaceNames} showSpace={!spaceId} /> : null}
    </section>
  );
}

function MemoryResults({ result, spaceNames, showSpace }: { result: MemorySearchResult; spaceNames?: Map<string, string>; showSpace: boolean }) {
  if (!result.results.length) {
    return (
      <p className="muted" data-testid="memory-no-results">
        Nothing found for “{result.query}”.
      </p>
    );
  }
  return (
    <div data-testid="memory-results">
      <p className="muted small">
        {result.results.length} result{result.results.length === 1 ? '' : 's'} in {result.took_ms} ms
        {result.warnings.map((warning) => (
          <span key={warning} className="memory-warning" data-testid="memory-warning">
            {' '}
            · {warning}
          </span>
        ))}
      </p>
      {groups.map(({ type, title }) => {
        const hits = result.results.filter((hit) => hit.source.type === type);
        if (!hits.length) return null;
        return (
          <div key={type} className="memory-group" data-testid={`memory-group-${type}`}>
            <h3 className="memory-group-title">
              {title} <span className="muted small">{hits.length}</span>
            </h3>
            <ol className="memory-hits">
              {hits.map((hit) => (
                <MemoryHitRow key={hit.chunk_id} hit={hit} spaceName={showSpace ? (spaceNames?.get(hit.space_id) ?? hit.space_id) : null} />
              ))}
            </ol>
          </div>
        );
      })}
    </div>
  );
}

function MemoryHitRow({ hit, spaceName }: { hit: MemoryHit; spaceName: string | null }) {
  const { source } = hit;
  return (
    <li className="memory-hit" data-testid="memory-hit" data-chunk-id={hit.chunk_id}>
      <div className="memory-hit-head small">
        {spaceName ? (
          <a href={routeHref({ view: 'space', id: hit.space_id })} data-testid="memory-hit-space">
            {spaceName}
          </a>
        ) : null}
        {source.type === 'artifact' ? <span className="mono">{source.artifact}</span> : null}
        {source.author ? <span>{source.author}</span> : null}
        {source.task_id ? (
          <a href={routeHref({ view: 'task', id: source.task_id })} className="mono">
            {source.task_id}
          </a>
        ) : null}
        <span className="muted">{formatDateTime(new Date(hit.created_at).toISOString())}</span>
        <span className="muted memory-score" title="Relevance score">
          {hit.score.toFixed(4)}
        </span>
      </div>
      <p className="memory-snippet" data-testid="memory-snippet">
        {snippetParts(hit.snippet).map((part, index) => (part.mark ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
      </p>
    </li>
  );
}
