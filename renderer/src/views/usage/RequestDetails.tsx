import type { RequestLogEntry } from '@shared/contract';
import { InlineError } from '../../components/InlineError';
import { requestsSelectors, useRequests } from '../../stores';

/** One call opened in the log: why it fell back, what failed, and its bodies when they were kept. */
export function RequestDetails({ entry }: { entry: RequestLogEntry }) {
  const detail = useRequests(requestsSelectors.detail);
  const bodies = detail.entry?.id === entry.id ? detail.entry.bodies : null;
  return (
    <div className="request-details" data-testid="request-details">
      {entry.fallbacks.length ? (
        <>
          <h3 className="small">Fallbacks, in order</h3>
          <ol className="request-fallbacks">
            {entry.fallbacks.map((fallback, index) => (
              <li key={index}>
                <span className="mono">
                  {fallback.provider}
                  {fallback.model ? `:${fallback.model}` : ''}
                </span>{' '}
                — {fallback.reason}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {entry.error ? <p className="danger-text small">{entry.error}</p> : null}
      <p className="muted small">
        {entry.attempts} {entry.attempts === 1 ? 'attempt' : 'attempts'} · {entry.stream ? 'streamed' : 'not streamed'}
        {entry.cachedTokens ? ` · ${entry.cachedTokens} cached input tokens` : ''}
        {entry.agentId ? ` · made by agent ${entry.agentId}` : ''}
      </p>
      <InlineError>{detail.error}</InlineError>
      {detail.loading ? <p className="muted small">Loading…</p> : null}
      {bodies ? (
        <div className="request-bodies">
          <details open>
            <summary>Request body</summary>
            <pre className="code-block" data-testid="request-body">{bodies.request}</pre>
          </details>
          <details>
            <summary>Response body</summary>
            <pre className="code-block" data-testid="response-body">{bodies.response}</pre>
          </details>
        </div>
      ) : !detail.loading && detail.entry?.id === entry.id ? (
        <p className="muted small">
          Bodies are not kept{entry.hasBodies ? ' any more' : ''}. Set <code>logging.bodies: true</code> in the config to keep them, redacted and cut to size, for recent calls.
        </p>
      ) : null}
    </div>
  );
}
