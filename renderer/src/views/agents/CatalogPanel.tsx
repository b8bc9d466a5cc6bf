import type { CatalogAgent, CatalogLayer } from '@shared/contract';
import { useEffect, type ReactNode } from 'react';
import { agentTone, Badge } from '../../components/Badge';
import { InlineError } from '../../components/InlineError';
import { Segmented } from '../../components/Segmented';
import { formatCost } from '../../lib/format';
import { orchestrationSelectors, stores, useOrchestration } from '../../stores';

const layers: { value: CatalogLayer; label: string }[] = [
  { value: 'summary', label: 'Summary' },
  { value: 'execution', label: 'Execution' },
  { value: 'governance', label: 'Governance' },
  { value: 'full', label: 'Full' },
];

const list = (items: string[]) => (items.length ? items.join(', ') : <span className="muted">—</span>);

/** The orchestration catalog (GET /api/v1/agents/catalog): what the orchestrator is told about each agent, layer by layer. */
export function CatalogPanel() {
  const catalog = useOrchestration(orchestrationSelectors.catalog);
  const layer = useOrchestration(orchestrationSelectors.layer);
  const error = useOrchestration(orchestrationSelectors.catalogError);
  useEffect(() => void stores.orchestration.getState().loadCatalog(), []);

  return (
    <section className="panel catalog-panel" data-testid="catalog-panel" aria-labelledby="catalog-title">
      <header className="catalog-header">
        <div>
          <h2 id="catalog-title">Capability catalog</h2>
          <p className="muted small">
            What the orchestrator{catalog?.orchestrator ? ` (${catalog.orchestrator})` : ''} sees of each agent. Templates to deploy: {catalog ? catalog.startupTemplates.map((template) => template.id).join(', ') : '…'}.
          </p>
        </div>
        <Segmented label="Catalog layer" value={layer} options={layers} onChange={(value) => void stores.orchestration.getState().loadCatalog(value)} testId="catalog-layer" />
      </header>
      <InlineError testId="catalog-error">{error}</InlineError>
      {catalog ? (
        <div className="catalog-grid" data-testid="catalog-table" data-layer={catalog.layer}>
          {catalog.agents.map((agent) => (
            <CatalogCard key={agent.id} agent={agent} />
          ))}
        </div>
      ) : null}
    </section>
  );
}

const chips = (items: string[], testId?: string) =>
  items.length ? (
    <ul className="chips" data-testid={testId}>
      {items.map((item) => (
        <li key={item} className="chip chip-static">
          {item}
        </li>
      ))}
    </ul>
  ) : (
    <span className="muted" data-testid={testId}>
      —
    </span>
  );

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** One agent as the catalog describes it: the summary always, then the layers asked for. */
function CatalogCard({ agent }: { agent: CatalogAgent }) {
  const { summary, execution, governance } = agent.capabilities;
  return (
    <article className="catalog-card" data-testid={`catalog-row-${agent.id}`}>
      <header className="catalog-card-header">
        <strong>{agent.id}</strong>
        <Badge tone={summary.state === 'paused' ? 'warning' : agentTone(summary.state)} dot>
          {summary.state}
        </Badge>
        <span className="muted small" title="running / max (queued)">
          {agent.instances.running}/{agent.instances.max} busy{agent.instances.queued ? `, ${agent.instances.queued} queued` : ''}
        </span>
      </header>
      <dl className="facts facts-wide">
        <Fact label="Role">
          <span data-testid="catalog-role">{summary.role}</span>
        </Fact>
        <Fact label="Source">{summary.source}</Fact>
        <Fact label="Tags">{chips(summary.tags)}</Fact>
        {execution ? (
          <>
            <Fact label="Tools">{chips(execution.tools, 'catalog-tools')}</Fact>
            <Fact label="Dispatches to">{list(execution.dispatchTargets)}</Fact>
            <Fact label="Control">{list(execution.controlActions)}</Fact>
          </>
        ) : null}
        {governance ? (
          <>
            <Fact label="Allowed">{chips(governance.allow, 'catalog-allow')}</Fact>
            <Fact label="Approval">
              {governance.approvalRequired ? 'asks first' : 'pre-approved'}
              {governance.permissionMode ? ` · ${governance.permissionMode}` : ''}
              {governance.sandbox ? ` · ${governance.sandbox}` : ''}
            </Fact>
            <Fact label="Model calls">{governance.provider.routedThroughGateway ? `through the gateway${governance.provider.model ? ` (${governance.provider.model})` : ''}` : 'its own account'}</Fact>
            <Fact label="Budgets">{governance.provider.budgets.length ? governance.provider.budgets.map((budget) => `${budget.scope} ${budget.period} ${formatCost(budget.limitUsd)}`).join(', ') : <span className="muted">—</span>}</Fact>
          </>
        ) : null}
      </dl>
    </article>
  );
}
