import { useEffect, useMemo, useState } from 'react';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { InlineError } from '../../components/InlineError';
import { PageHeader } from '../../components/PageHeader';
import { Segmented } from '../../components/Segmented';
import { routeHref } from '../../router/route';
import { stores, usageSelectors, useUsage } from '../../stores';
import type { UsageBy, UsageRange } from '../../stores/usage-store';
import { chartData, type Metric } from './chart-data';
import { RequestsLog } from './RequestsLog';
import { formatMetric, UsageChart } from './UsageChart';
import { UsageTotalsTable } from './UsageTotalsTable';

const ranges = [
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
] as const satisfies readonly { value: UsageRange; label: string }[];
const groupings = [
  { value: 'model', label: 'Model' },
  { value: 'provider', label: 'Provider' },
  { value: 'agent', label: 'Agent' },
] as const satisfies readonly { value: UsageBy; label: string }[];
const metrics = [
  { value: 'cost', label: 'Cost' },
  { value: 'tokens', label: 'Tokens' },
] as const satisfies readonly { value: Metric; label: string }[];

type UsageTab = 'overview' | 'requests';
const tabs = [
  { value: 'overview', label: 'Overview' },
  { value: 'requests', label: 'Requests' },
] as const satisfies readonly { value: UsageTab; label: string }[];
// `#/usage?tab=requests` opens the request log, so it can be linked to.
const tabInHash = (): UsageTab => (new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('tab') === 'requests' ? 'requests' : 'overview');

export function UsageView() {
  const [tab, setTab] = useState<UsageTab>(tabInHash);
  const switchTab = (next: UsageTab) => {
    setTab(next);
    window.history.replaceState(null, '', next === 'requests' ? '#/usage?tab=requests' : '#/usage');
  };
  return (
    <>
      <PageHeader
        title="Usage"
        description="Tokens and cost of every model call through the gateway, including the calls agents make when routed through it."
        actions={<Segmented label="View" value={tab} options={tabs} onChange={switchTab} testId="usage-tab" />}
      />
      {tab === 'overview' ? <UsageOverview /> : <RequestsLog />}
    </>
  );
}

function UsageOverview() {
  const range = useUsage(usageSelectors.range);
  const by = useUsage(usageSelectors.by);
  const series = useUsage(usageSelectors.series);
  const totals = useUsage(usageSelectors.totals);
  const since = useUsage(usageSelectors.since);
  const bucket = useUsage(usageSelectors.bucket);
  const loaded = useUsage(usageSelectors.loaded);
  const error = useUsage(usageSelectors.error);
  const [metric, setMetric] = useState<Metric>('cost');
  useEffect(() => stores.usage.getState().watch(), []);
  const usage = stores.usage.getState();
  // `since` changes with every load, so the window's end moves along with it.
  const data = useMemo(() => (loaded ? chartData(series, { since, now: Date.now(), bucket, metric }) : null), [loaded, series, since, bucket, metric]);
  const chartTotal = (data?.series ?? []).reduce((sum, entry) => sum + entry.total, 0);
  const groupLabel = groupings.find((entry) => entry.value === by)?.label ?? by;

  return (
    <>
      <div className="toolbar">
        <Segmented label="Range" value={range} options={ranges} onChange={(value) => void usage.setRange(value)} testId="usage-range" />
        <Segmented label="Group by" value={by} options={groupings} onChange={(value) => void usage.setBy(value)} testId="usage-by" />
        <span className="toolbar-spacer" />
        <Segmented label="Metric" value={metric} options={metrics} onChange={setMetric} testId="usage-metric" />
      </div>
      <InlineError testId="usage-error" action={<Button size="sm" onClick={() => void usage.load()}>Retry</Button>}>
        {error}
      </InlineError>
      {loaded && !totals.length ? (
        <EmptyState icon="usage" title="No usage in this period">
          <p>
            Usage appears once model calls go through the gateway: add a provider, then point Codex or Claude Code at the gateway from <a href={routeHref({ view: 'settings' })}>Settings</a>, or run a
            task with an agent set to route its model calls through the gateway.
          </p>
        </EmptyState>
      ) : null}
      {totals.length && data ? (
        <>
          <section className="panel">
            <div className="panel-header">
              <h2 className="panel-title">
                {metric === 'cost' ? 'Cost' : 'Tokens'} per {bucket} by {groupLabel.toLowerCase()}
              </h2>
              <strong data-testid="usage-chart-total">{formatMetric(chartTotal, metric)}</strong>
            </div>
            <UsageChart data={data} metric={metric} bucket={bucket} />
          </section>
          <UsageTotalsTable totals={totals} groupLabel={groupLabel} />
        </>
      ) : null}
      {!loaded && !error ? <div className="skeleton-page" aria-busy="true" aria-label="Loading usage" /> : null}
    </>
  );
}
