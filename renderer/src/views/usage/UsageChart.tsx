import { formatCost, formatTokens } from '../../lib/format';
import { niceMax, type Bucket, type ChartData, type Metric } from './chart-data';

const width = 800;
const height = 240;
const pad = { top: 12, right: 8, bottom: 26, left: 56 };
const plotWidth = width - pad.left - pad.right;
const plotHeight = height - pad.top - pad.bottom;
const ticks = 4;

export const formatMetric = (value: number, metric: Metric) => (metric === 'cost' ? formatCost(value) : formatTokens(value));

/** Buckets are UTC (the ledger's); labels are shown in UTC too so a day bar means one calendar day. */
function bucketLabel(name: string, bucket: Bucket): string {
  if (bucket === 'hour') return `${name.slice(11, 13)}:00`;
  return new Date(`${name}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** A stacked bar chart drawn by hand in SVG: one bar per bucket, one colour per key. */
export function UsageChart({ data, metric, bucket }: { data: ChartData; metric: Metric; bucket: Bucket }) {
  const top = niceMax(data.max);
  const band = plotWidth / Math.max(1, data.buckets.length);
  const barWidth = Math.max(2, Math.min(36, band * 0.7));
  const labelEvery = Math.ceil(data.buckets.length / 8);
  const y = (value: number) => pad.top + plotHeight - (value / top) * plotHeight;
  const total = data.series.reduce((sum, entry) => sum + entry.total, 0);

  return (
    <figure className="chart" data-testid="usage-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${metric === 'cost' ? 'Cost' : 'Tokens'} per ${bucket}: ${formatMetric(total, metric)} in total`}>
        {Array.from({ length: ticks + 1 }, (_, index) => {
          const value = (top / ticks) * index;
          return (
            <g key={index} className="chart-grid">
              <line x1={pad.left} x2={width - pad.right} y1={y(value)} y2={y(value)} />
              <text x={pad.left - 8} y={y(value)} dy="0.32em" textAnchor="end">
                {formatMetric(value, metric)}
              </text>
            </g>
          );
        })}
        {data.buckets.map((name, position) => {
          let base = 0;
          const x = pad.left + band * position + (band - barWidth) / 2;
          return (
            <g key={name}>
              {data.series.map((entry, seriesIndex) => {
                const value = entry.values[position]!;
                if (!value) return null;
                const rect = (
                  <rect key={entry.key} className={`series-${seriesIndex}`} x={x} width={barWidth} y={y(base + value)} height={Math.max(1, y(base) - y(base + value))} rx={2}>
                    <title>{`${bucketLabel(name, bucket)} · ${entry.label}: ${formatMetric(value, metric)}`}</title>
                  </rect>
                );
                base += value;
                return rect;
              })}
              {position % labelEvery === 0 ? (
                <text className="chart-axis" x={x + barWidth / 2} y={height - 8} textAnchor="middle">
                  {bucketLabel(name, bucket)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          {data.series.map((entry, index) => (
            <li key={entry.key}>
              <span className={`swatch series-${index}`} aria-hidden="true" />
              <span className="mono">{entry.label}</span>
              <span className="muted">{formatMetric(entry.total, metric)}</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
