import type { ServiceHealthCheckView } from '@shared/contract';

const width = 96;
const height = 24;

/** The last health checks: response time as a line, a failed check as a red tick at the bottom. */
export function HealthSparkline({ checks }: { checks: ServiceHealthCheckView[] }) {
  if (checks.length === 0) return <span className="muted">no checks</span>;
  const top = Math.max(1, ...checks.map((check) => check.response_time_ms ?? 0));
  const step = checks.length > 1 ? width / (checks.length - 1) : 0;
  const y = (ms: number) => height - 2 - (ms / top) * (height - 4);
  const line = checks.map((check, index) => `${(index * step).toFixed(1)},${y(check.status === 'healthy' ? (check.response_time_ms ?? 0) : 0).toFixed(1)}`).join(' ');
  const failed = checks.filter((check) => check.status !== 'healthy').length;
  return (
    <svg className="health-sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${checks.length} health checks, ${failed} failed`} data-testid="health-sparkline">
      <polyline points={line} className="spark-line" />
      {checks.map((check, index) => (check.status === 'healthy' ? null : <rect key={index} x={index * step - 1} y={height - 6} width={2} height={6} className="spark-fail" />))}
    </svg>
  );
}
