import { Badge, type Tone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { servicesSelectors, stores, useServices } from '../../stores';
import type { ServiceItem } from '../../stores/services-store';
import { HealthSparkline } from './HealthSparkline';

const statusTones: Record<string, Tone> = { running: 'success', starting: 'info', stopping: 'info', restarting: 'warning', stopped: 'neutral', error: 'danger', crash_loop: 'danger' };
const healthTones: Record<string, Tone> = { healthy: 'success', unhealthy: 'danger', unknown: 'neutral' };
const figure = (value: number, unit: string) => (value ? `${Math.round(value * 10) / 10} ${unit}` : '–');

/** One agent service: status, health, load, and its start/stop/restart buttons. */
export function ServiceRow({ service }: { service: ServiceItem }) {
  const busy = useServices(servicesSelectors.busy);
  const selected = useServices(servicesSelectors.selected) === service.service_id;
  const actions = stores.services.getState();
  const running = service.status === 'running';
  const act = (action: 'start' | 'stop' | 'restart') => void actions.act(service.service_id, action);
  return (
    <tr data-testid={`service-row-${service.name}`} aria-selected={selected} className={selected ? 'row-selected' : undefined}>
      <td>
        <button type="button" className="link-button" onClick={() => void actions.select(selected ? null : service.service_id)} data-testid="service-open">
          {service.name}
        </button>
        <div className="muted mono small">{service.endpoint}</div>
        <div className="chips">{service.tags.map((tag) => <Badge key={tag}>{tag}</Badge>)}</div>
      </td>
      <td>
        <Badge tone={statusTones[service.status] ?? 'neutral'} dot testId="service-status">{service.status.replace('_', ' ')}</Badge>
        {service.supervision.next_restart_at ? <div className="muted small">restart at {new Date(service.supervision.next_restart_at).toLocaleTimeString()}</div> : null}
      </td>
      <td>
        <Badge tone={healthTones[service.health.status] ?? 'neutral'} testId="service-health">{service.health.status}</Badge>
        <HealthSparkline checks={service.health_history} />
      </td>
      <td className="num" data-testid="service-connections">{service.stats.active_connections} <span className="muted">/ {service.stats.total_connections}</span></td>
      <td className="num" data-testid="service-sessions">{service.stats.active_sessions} <span className="muted">/ {service.config.max_sessions}</span></td>
      <td className="num">{figure(service.stats.cpu_usage_percent, '%')}</td>
      <td className="num">{figure(service.stats.memory_usage_mb, 'MB')}</td>
      <td>
        <div className="row-actions">
          {running ? null : <Button size="sm" icon="rerun" busy={busy === `${service.service_id}:start`} onClick={() => act('start')} data-testid="service-start">Start</Button>}
          {running ? <Button size="sm" icon="refresh" busy={busy === `${service.service_id}:restart`} onClick={() => act('restart')} data-testid="service-restart">Restart</Button> : null}
          {service.status === 'stopped' ? null : <Button size="sm" variant="danger" icon="stop" busy={busy === `${service.service_id}:stop`} onClick={() => act('stop')} data-testid="service-stop">Stop</Button>}
        </div>
      </td>
    </tr>
  );
}
