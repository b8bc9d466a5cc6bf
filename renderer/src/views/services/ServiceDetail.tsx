import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { servicesSelectors, stores, useServices } from '../../stores';
import type { LogLevel, ServiceItem } from '../../stores/services-store';

const tailMs = 1_000;
const levels: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** A service's logs (live tail, level, full-text search) and its client connections. */
export function ServiceDetail({ service }: { service: ServiceItem }) {
  const logs = useServices(servicesSelectors.logs);
  const logLevel = useServices(servicesSelectors.logLevel);
  const logQuery = useServices(servicesSelectors.logQuery);
  const connections = useServices(servicesSelectors.connections);
  const actions = stores.services.getState();
  const [query, setQuery] = useState('');
  const logBox = useRef<HTMLPreElement>(null);
  // The live tail follows the newest line, as `logs --follow` does.
  useEffect(() => {
    if (!logQuery && logBox.current) logBox.current.scrollTop = logBox.current.scrollHeight;
  }, [logs, logQuery]);
  useEffect(() => {
    let tick = 0;
    const timer = setInterval(() => {
      void stores.services.getState().tail();
      if (++tick % 3 === 0) void stores.services.getState().refreshConnections();
    }, tailMs);
    return () => clearInterval(timer);
  }, [service.service_id]);
  const search = (event: FormEvent) => {
    event.preventDefault();
    void actions.searchLogs(query);
  };
  return (
    <section className="card services-section" data-testid="service-detail" aria-label={`${service.name} details`}>
      <div className="card-header">
        <h2>{service.name}</h2>
        <span className="muted small">
          {service.supervision.pid ? `pid ${service.supervision.pid} · ` : ''}restarts {service.supervision.restarts} · crashes {service.supervision.crashes} · errors {service.stats.error_count}
        </span>
      </div>
      <h3>Logs</h3>
      <div className="log-toolbar">
        <select aria-label="Level" value={logLevel} onChange={(event) => void actions.setLogLevel(event.target.value as LogLevel)} data-testid="log-level">
          {levels.map((level) => <option key={level} value={level}>{level} and above</option>)}
        </select>
        <form onSubmit={search} className="log-search">
          <input type="search" placeholder="Search logs (FTS5)" value={query} onChange={(event) => setQuery(event.target.value)} aria-label="Search logs" data-testid="log-search" />
          <Button size="sm" icon="search" type="submit">Search</Button>
          {logQuery ? <Button size="sm" variant="ghost" onClick={() => { setQuery(''); void actions.searchLogs(''); }}>Live tail</Button> : null}
        </form>
      </div>
      <pre ref={logBox} className="service-logs mono" data-testid="service-logs" aria-live="polite">
        {logs.length === 0 ? <span className="muted">{logQuery ? 'No line matches.' : 'No output yet.'}</span> : null}
        {logs.map((entry) => (
          <div key={entry.id} className={`log-line log-${entry.level}`} data-testid="log-line">
            <span className="muted">{new Date(entry.timestamp).toLocaleTimeString()}</span> <span className="log-level">{entry.level.toUpperCase()}</span> {entry.message}
          </div>
        ))}
      </pre>
      <h3>Connections</h3>
      {connections.length === 0 ? (
        <p className="muted">No client has connected through the proxy yet.</p>
      ) : (
        <table className="table" data-testid="service-connections-table">
          <thead>
            <tr><th>Connection</th><th>Session</th><th>Client</th><th>Status</th><th>Last activity</th><th className="num">Messages</th><th className="num">Bytes in / out</th><th /></tr>
          </thead>
          <tbody>
            {connections.map((connection) => (
              <tr key={connection.connection_id} data-testid="connection-row">
                <td className="mono small">{connection.connection_id.slice(0, 8)}</td>
                <td className="mono small">{connection.session_id.slice(0, 12)}</td>
                <td className="mono">{connection.client_ip}</td>
                <td>{connection.status}</td>
                <td>{new Date(connection.last_activity).toLocaleTimeString()}</td>
                <td className="num">{connection.message_count}</td>
                <td className="num">{connection.bytes_received} / {connection.bytes_sent}</td>
                <td>
                  {connection.status === 'active' ? <Button size="sm" variant="danger" onClick={() => void actions.disconnect(connection.connection_id)} data-testid="connection-disconnect">Disconnect</Button> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
