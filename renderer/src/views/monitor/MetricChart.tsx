import type { AgentMetrics } from '@shared/contract';
import { niceMax } from '../usage/chart-data';

type Field = 'cpu_percent' | 'memory_mb' | 'response_time_ms';

const width = 360;
const height = 140;
const pad = { top: 10, right: 8, bottom: 20, left: 44 };

/** One metric of one agent over time, as a line; points the platform could not measure are gaps, not zeros. */
export function MetricChart({ samples, field, label, unit }: { samples: Partial<AgentMetrics>[]; field: Field; label: string; unit: string }) {
  const points = samples.map((sample) => ({ t: Date.parse(sample.timestamp ?? ''), v: sample[field] ?? null }));
  const known = points.filter((point): point is { t: number; v: number } => point.v !== null);
  const latest = known.at(-1)?.v;
  const top = niceMax(Math.max(1, ...known.map((point) => point.v)));
  const start = points[0]?.t ?? 0;
  const span = Math.max(1, (points.at(-1)?.t ?? 1) - start);
  const x = (t: number) => pad.left + ((t - start) / span) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - v / top) * (height - pad.top - pad.bottom);
  // Consecutive known points form one segment; a null ends it.
  const segments: string[] = [];
  let current: string[] = [];
  for (const point of points) {
    if (point.v === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${x(point.t).toFixed(1)},${y(point.v).toFixed(1)}`);
  }
  if (current.length) segments.push(current.join(' '));
  return (
    <figure className="chart metric-chart" data-testid={`metric-chart-${field}`}>
      <figcaption>
        <span>{label}</span>
        <strong className="mono" data-testid={`metric-latest-${field}`}>{latest === undefined ? 'n/a' : `${Math.round(latest * 10) / 10} ${unit}`}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: ${known.length} samples`}>
        {[0, 0.5, 1].map((share) => (
          <g key={share} className="chart-grid">
            <line x1={pad.left} x2={width - pad.right} y1={y(top * share)} y2={y(top * share)} />
            <text x={pad.left - 6} y={y(top * share)} dy="0.32em" textAnchor="end">
              {Math.round(top * share)}
            </text>
          </g>
        ))}
        {segments.map((segment, index) =>
          segment.includes(' ') ? <polyline key={index} className="series-line" points={segment} /> : <circle key={index} className="series-dot" r={2.5} cx={segment.split(',')[0]} cy={segment.split(',')[1]} />,
        )}
      </svg>
    </figure>
  );
}
