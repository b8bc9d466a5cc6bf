import { useState, type FormEvent } from 'react';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { InlineError } from '../../components/InlineError';
import { routesSelectors, stores, useRoutes } from '../../stores';

export function RouteTester() {
  const test = useRoutes(routesSelectors.test);
  const dirty = useRoutes(routesSelectors.dirty);
  const [model, setModel] = useState('');
  const run = (event: FormEvent) => {
    event.preventDefault();
    if (model.trim()) void stores.routes.getState().runTest(model);
  };
  const result = test.result;
  return (
    <section className="panel" aria-labelledby="tester-title">
      <h2 id="tester-title" className="panel-title">
        Which chain serves a model?
      </h2>
      <form className="tester-form" onSubmit={run}>
        <label className="sr-only" htmlFor="route-test-model">
          Model name
        </label>
        <input id="route-test-model" className="mono" value={model} onChange={(event) => setModel(event.target.value)} placeholder="gpt-4o" data-testid="route-test-input" />
        <Button type="submit" icon="search" busy={test.running} disabled={!model.trim()} data-testid="route-test-submit">
          Test
        </Button>
      </form>
      {dirty ? <p className="muted small">Tests the saved rules; save to test your edits.</p> : null}
      <InlineError testId="route-test-error">{test.error}</InlineError>
      {result ? (
        <div className="tester-result" data-testid="route-test-result" role="status">
          <p>
            {result.rule !== null ? (
              <>
                <code>{result.model}</code> matches rule <code>{result.rule}</code>
              </>
            ) : result.targets.length ? (
              <>
                No rule matches <code>{result.model}</code>; a provider that lists it serves it.
              </>
            ) : null}
          </p>
          {result.error ? <p className="warning-text">{result.error}</p> : null}
          {result.targets.length ? (
            <ol className="chain">
              {result.targets.map((target, index) => (
                <li key={`${target.provider}-${index}`} className="chain-item" data-testid="route-test-target">
                  <span className="chain-step">{index + 1}</span>
                  <span className="mono">
                    {target.provider}
                    <span className="muted">:{target.model}</span>
                  </span>
                  {target.available ? <Badge tone="success">available</Badge> : <Badge tone="warning">skipped</Badge>}
                  {target.reason ? <span className="muted small">{target.reason}</span> : null}
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
