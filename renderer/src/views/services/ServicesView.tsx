import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { InlineError } from '../../components/InlineError';
import { PageHeader } from '../../components/PageHeader';
import { servicesSelectors, stores, useServices } from '../../stores';
import { ServiceDetail } from './ServiceDetail';
import { ServiceRow } from './ServiceRow';
import { ServiceRulesPanel } from './ServiceRulesPanel';

/** CPU and memory are sampled, not pushed: refresh the list on this beat too. */
const refreshMs = 5_000;

/** Agent services (specs/004): supervised agent servers, their health, load, logs and clients, and the service rules. */
export function ServicesView() {
  const services = useServices(servicesSelectors.services);
  const selected = useServices(servicesSelectors.selected);
  const loaded = useServices(servicesSelectors.loaded);
  const error = useServices(servicesSelectors.error);
  useEffect(() => {
    void stores.services.getState().load();
    const timer = setInterval(() => void stores.services.getState().load(), refreshMs);
    return () => clearInterval(timer);
  }, []);
  const open = services.find((service) => service.service_id === selected);
  return (
    <>
      <PageHeader title="Services" description="Long-running agent servers the gateway supervises, and the WebSocket clients it routes to them (ws://…/ws?tag=…)." />
      {error ? <InlineError>{error}</InlineError> : null}
      {loaded && services.length === 0 ? (
        <EmptyState icon="server" title="No agent services">
          <p>Register one with <span className="mono">agentmesh service register NAME ./server.py --tags weather --start</span> or POST /api/v1/services.</p>
        </EmptyState>
      ) : (
        <section className="card services-section">
          <table className="table services-table" data-testid="services-table">
            <thead>
              <tr><th>Service</th><th>Status</th><th>Health</th><th className="num">Connections</th><th className="num">Sessions</th><th className="num">CPU</th><th className="num">Memory</th><th /></tr>
            </thead>
            <tbody>
              {services.map((service) => <ServiceRow key={service.service_id} service={service} />)}
            </tbody>
          </table>
        </section>
      )}
      {open ? <ServiceDetail service={open} /> : null}
      <ServiceRulesPanel />
    </>
  );
}
