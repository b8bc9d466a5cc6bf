import { shadowedRoutes } from '@shared/routing/shadowed-routes';
import { useEffect, useMemo } from 'react';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { InlineError } from '../../components/InlineError';
import { PageHeader } from '../../components/PageHeader';
import { routeHref } from '../../router/route';
import { providersSelectors, routesSelectors, stores, useProviders, useRoutes } from '../../stores';
import { RouteTester } from './RouteTester';
import { RuleCard } from './RuleCard';
import { TaskRuleTester } from './TaskRuleTester';

const saveRules = async () => {
  if (await stores.routes.getState().save()) stores.ui.getState().push({ kind: 'success', message: 'Routing rules saved' });
};

export function RoutingView() {
  const draft = useRoutes(routesSelectors.draft);
  const dirty = useRoutes(routesSelectors.dirty);
  const saving = useRoutes(routesSelectors.saving);
  const saveError = useRoutes(routesSelectors.saveError);
  const loaded = useRoutes(routesSelectors.loaded);
  const error = useRoutes(routesSelectors.error);
  const providers = useProviders(providersSelectors.providers);
  const providersLoaded = useProviders(providersSelectors.loaded);
  const routes = stores.routes.getState();
  const shadows = useMemo(() => new Map(shadowedRoutes(draft).map((shadow) => [shadow.index, shadow])), [draft]);

  useEffect(() => {
    if (!stores.routes.getState().dirty) void stores.routes.getState().load();
    void stores.providers.getState().load();
    // Ctrl/Cmd+S saves, as in an editor.
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        if (stores.routes.getState().dirty) void saveRules();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <PageHeader
        title="Routing"
        description="Rules are tried top to bottom. The first whose pattern matches the requested model serves it, through its targets in order until one answers."
        actions={
          <>
            <Button icon="plus" onClick={routes.addRule} data-testid="route-add">
              Add rule
            </Button>
            {dirty ? (
              <Button variant="ghost" onClick={routes.discard} data-testid="route-discard">
                Discard
              </Button>
            ) : null}
            <Button variant="primary" icon="check" busy={saving} disabled={!dirty} onClick={() => void saveRules()} data-testid="route-save" aria-keyshortcuts="Control+S">
              Save
            </Button>
          </>
        }
      />
      <InlineError testId="routes-error">{error}</InlineError>
      <InlineError testId="route-save-error">{saveError}</InlineError>
      {providersLoaded && !providers.length ? (
        <EmptyState icon="providers" title="Add a provider first" action={<a className="btn btn-primary" href={routeHref({ view: 'providers' })}>Go to Providers</a>}>
          <p>Rules send models to providers; with none configured there is nothing to route to.</p>
        </EmptyState>
      ) : null}
      <div className="routing-layout">
        <div>
          {loaded && !draft.length ? (
            <EmptyState icon="routing" title="No routing rules" action={<Button variant="primary" icon="plus" onClick={routes.addRule}>Add a rule</Button>}>
              <p>Without rules, a model goes to the provider that lists it. Add a rule to send a pattern such as <code>gpt-*</code> through a fallback chain, e.g. <code>openai</code> then <code>openrouter:openai/gpt-4o</code>.</p>
            </EmptyState>
          ) : null}
          <ol className="rule-list" data-testid="route-list">
            {draft.map((rule, index) => (
              <RuleCard key={index} rule={rule} index={index} count={draft.length} providers={providers} shadow={shadows.get(index)} />
            ))}
          </ol>
        </div>
        <div className="routing-testers">
          <RouteTester />
          <TaskRuleTester />
        </div>
      </div>
    </>
  );
}
