import type { RequestLogEntry } from '@shared/contract';
import { Fragment, useEffect, useState } from 'react';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { InlineError } from '../../components/InlineError';
import { formatCost, formatDuration, formatTokens } from '../../lib/format';
import { routeHref } from '../../router/route';
import { providersSelectors, requestsSelectors, stores, useProviders, useRequests } from '../../stores';
import type { RequestFilter } from '../../stores/requests-store';
import { RequestDetails } from './RequestDetails';

const statusOptions: { value: RequestFilter['status']; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'ok', label: 'Succeeded' },
  { value: 'error', label: 'Failed' },
  { value: '4xx', label: '4xx' },
  { value: '5xx', label: '5xx' },
];
const inboundLabels: Record<string, string> = { chat: 'Chat', responses: 'Responses', messages: 'Messages' };
const time = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Usage → Requests: every model call through the gateway, newest first, following new ones live. */
export function RequestsLog() {
  const filter = useRequests(requestsSelectors.filter);
  const rows = useRequests(requestsSelectors.rows);
  const loaded = useRequests(requestsSelectors.loaded);
  const error = useRequests(requestsSelectors.error);
  const more = useRequests(requestsSelectors.more);
  const loadingMore = useRequests(requestsSelectors.loadingMore);
  const openId = useRequests(requestsSelectors.openId);
  const providers = useProviders(providersSelectors.providers);
  const [model, setModel] = useState(filter.model);
  const requests = stores.requests.getState();
  useEffect(() => {
    if (!stores.providers.getState().loaded) void stores.providers.getState().load();
    return stores.requests.getState().watch();
  }, []);
  const filtered = Boolean(filter.status || filter.provider || filter.model);

  return (
    <>
      <form
        className="toolbar"
        role="search"
        aria-label="Filter requests"
        onSubmit={(event) => {
          event.preventDefault();
          void requests.setFilter({ model });
        }}
      >
        <label className="inline-field">
          <span>Status</span>
          <select value={filter.status} onChange={(event) => void requests.setFilter({ status: event.target.value as RequestFilter['status'] })} data-testid="requests-filter-status">
            {statusOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Provider</span>
          <select value={filter.provider} onChange={(event) => void requests.setFilter({ provider: event.target.value })} data-testid="requests-filter-provider">
            <option value="">All</option>
            {providers.map((provider) => (
              <option key={provider.id} value={provider.id}>
                {provider.id}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Model</span>
          <input className="mono" value={model} onChange={(event) => setModel(event.target.value)} onBlur={() => model !== filter.model && void requests.setFilter({ model })} placeholder="any" data-testid="requests-filter-model" />
        </label>
      </form>
      <InlineError testId="requests-error" action={<Button size="sm" onClick={() => void requests.load()}>Retry</Button>}>
        {error}
      </InlineError>
      {loaded && !rows.length ? (
        <EmptyState icon="usage" title={filtered ? 'No calls match' : 'No model calls yet'} testId="requests-empty">
          <p>
            Every call to <code>/v1</code> appears here with the provider that served it, the fallbacks it took, and its latency, tokens and cost. Point a client at the gateway from{' '}
            <a href={routeHref({ view: 'settings' })}>Settings</a> to see some.
          </p>
        </EmptyState>
      ) : null}
      {rows.length ? (
        <div className="table-wrap">
          <table className="table requests-table" data-testid="requests-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Status</th>
                <th scope="col">Client</th>
                <th scope="col">Model</th>
                <th scope="col">Served by</th>
                <th scope="col" className="num">Latency</th>
                <th scope="col" className="num">Tokens</th>
                <th scope="col" className="num">Cost</th>
                <th scope="col">Task</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <Fragment key={entry.id}>
                  <RequestRow entry={entry} open={openId === entry.id} onToggle={() => void requests.toggle(entry.id)} />
                  {openId === entry.id ? (
                    <tr className="request-details-row">
                      <td colSpan={9}>
                        <RequestDetails entry={entry} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {more ? (
        <div className="load-more">
          <Button busy={loadingMore} onClick={() => void requests.loadMore()} data-testid="requests-more">
            Load older calls
          </Button>
        </div>
      ) : null}
      {!loaded && !error ? <div className="skeleton-page" aria-busy="true" aria-label="Loading requests" /> : null}
    </>
  );
}

function RequestRow({ entry, open, onToggle }: { entry: RequestLogEntry; open: boolean; onToggle: () => void }) {
  const failed = entry.status >= 400;
  return (
    <tr className="row-link" data-testid="request-row" data-request-id={entry.id}>
      <td className="muted nowrap">
        <button type="button" className="row-anchor link-button" aria-expanded={open} onClick={onToggle} title="Show details">
          {time.format(entry.ts)}
        </button>
      </td>
      <td>
        <Badge tone={failed ? 'danger' : 'success'} testId="request-status">
          {entry.status}
        </Badge>
      </td>
      <td className="truncate request-client" title={entry.client ?? undefined}>
        {entry.client ?? <span className="muted">—</span>}
        <span className="muted small block">{inboundLabels[entry.inbound] ?? entry.inbound}</span>
      </td>
      <td className="mono">{entry.requestedModel ?? '—'}</td>
      <td>
        {entry.provider ? (
          <span className="mono">
            {entry.provider}
            <span className="muted">:{entry.upstreamModel}</span>
          </span>
        ) : (
          <span className="muted">none</span>
        )}
        {entry.fallbacks.length ? (
          <span className="warning-text small block" data-testid="request-fallbacks">
            after {entry.fallbacks.map((fallback) => fallback.provider).join(', ')}
          </span>
        ) : null}
      </td>
      <td className="num">
        {formatDuration(entry.latencyMs)}
        {entry.ttfbMs !== null ? <span className="muted small block">first byte {formatDuration(entry.ttfbMs)}</span> : null}
      </td>
      <td className="num">{entry.inputTokens || entry.outputTokens ? `${formatTokens(entry.inputTokens)} → ${formatTokens(entry.outputTokens)}` : <span className="muted">—</span>}</td>
      <td className="num">{entry.costUsd ? formatCost(entry.costUsd) : <span className="muted">—</span>}</td>
      <td className="mono small truncate">{entry.taskId ? <a href={routeHref({ view: 'task', id: entry.taskId })}>{entry.taskId.slice(0, 13)}</a> : <span className="muted">—</span>}</td>
    </tr>
  );
}
