import { Logo } from '../../components/Icon';
import { routeHref } from '../../router/route';
import { DispatchForm } from './DispatchForm';

/** `#/dispatch`: the tray's small window, and a page of its own in a browser. */
export function DispatchPage({ agent }: { agent: string | null }) {
  return (
    <main className="dispatch-page" data-testid="dispatch-page">
      <header className="dispatch-page-header">
        <Logo size={18} />
        <h1>Quick dispatch</h1>
        <a href={routeHref({ view: 'tasks' })} className="small" data-testid="dispatch-open-dashboard">
          Open dashboard
        </a>
      </header>
      <DispatchForm key={agent ?? ''} agent={agent} />
    </main>
  );
}
