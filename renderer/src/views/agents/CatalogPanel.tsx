import type { CatalogAgent, CatalogLayer } from '@shared/contract';
import { useEffect } from 'react';
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
  const execution = layer === 'execution' || layer === 'full';
  const governance = layer === 'governance' || layer === 'full';

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
        <div className="table-wrap">
          <table className="table catalog-table" data-testid="catalog-table" data-layer={catalog.layer}>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Source</th>
                <th scope="col">Tags</th>
                <th scope="col" className="num">Instances</th>
                {execution ? (
                  <>
                    <th scope="col">Tools</th>
                    <th scope="col">Dispatches to</th>
                    <th scope="col">Control</th>
                  </>
                ) : null}
                {governance ? (
                  <>
                    <th scope="col">Allowed</th>
                    <th scope="col">Approval</th>
                    <th scope="col">Models</th>
                    <th scope="col">Budgets</th>
                  </>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {catalog.agents.map((agent) => (
                <CatalogRow key={agent.id} agent={agent} execution={execution} governance={governance} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function CatalogRow({ agent, execution, governance }: { agent: CatalogAgent; execution: boolean; governance: boolean }) {
  const { summary, execution: exec, governance: gov } = agent.capabilities;
  return (
    <tr data-testid={`catalog-row-${agent.id}`}>
      <th scope="row">{agent.id}</th>
      <td data-testid="catalog-role">{summary.role}</td>
      <td>
        <Badge tone={summary.state === 'paused' ? 'warning' : agentTone(summary.state)} dot>
          {summary.state}
        </Badge>
      </td>
      <td>{summary.source}</td>
      <td className="small">{list(summary.tags)}</td>
      <td className="num" title="running / max (queued)">
        {agent.instances.running}/{agent.instances.max}
        {agent.instances.queued ? ` (+${agent.instances.queued})` : ''}
      </td>
      {execution && exec ? (
        <>
          <td className="small" data-testid="catalog-tools">{list(exec.tools)}</td>
          <td className="small">{list(exec.dispatchTargets)}</td>
          <td className="small">{list(exec.controlActions)}</td>
        </>
      ) : null}
      {governance && gov ? (
        <>
          <td className="small" data-testid="catalog-allow">{list(gov.allow)}</td>
          <td className="small">
            {gov.approvalRequired ? 'asks' : 'pre-approved'}
            {gov.permissionMode ? ` · ${gov.permissionMode}` : ''}
            {gov.sandbox ? ` · ${gov.sandbox}` : ''}
          </td>
          <td className="small">{gov.provider.routedThroughGateway ? `via gateway${gov.provider.model ? ` (${gov.provider.model})` : ''}` : 'own account'}</td>
          <td className="small">{gov.provider.budgets.length ? gov.provider.budgets.map((budget) => `${budget.scope} ${budget.period} ${formatCost(budget.limitUsd)}`).join(', ') : <span className="muted">—</span>}</td>
        </>
      ) : null}
    </tr>
  );
}
