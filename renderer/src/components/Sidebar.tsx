import { routeHref, type Route } from '../router/route';
import { agentsSelectors, settingsSelectors, uiSelectors, useAgents, useSettings, useUi } from '../stores';
import { Button } from './Button';
import { Icon, Logo, type IconName } from './Icon';

const items: { view: Route['view'] & string; label: string; icon: IconName }[] = [
  { view: 'agents', label: 'Agents', icon: 'agents' },
  { view: 'orchestrate', label: 'Orchestrate', icon: 'routing' },
  { view: 'tasks', label: 'Tasks', icon: 'tasks' },
  { view: 'providers', label: 'Providers', icon: 'providers' },
  { view: 'routing', label: 'Routing', icon: 'routing' },
  { view: 'usage', label: 'Usage', icon: 'usage' },
  { view: 'monitor', label: 'Monitor', icon: 'monitor' },
  { view: 'spaces', label: 'Spaces', icon: 'spaces' },
  { view: 'settings', label: 'Settings', icon: 'settings' },
];

const connectionText = { open: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', 'signed-out': 'Signed out' } as const;

export function Sidebar({ route, onNewTask }: { route: Route; onNewTask: () => void }) {
  const current = route.view === 'task' ? 'tasks' : route.view === 'space' ? 'spaces' : route.view;
  const agents = useAgents(agentsSelectors.agents);
  const settings = useSettings(settingsSelectors.settings);
  const connection = useUi(uiSelectors.connection);
  const online = agents.filter((agent) => agent.state === 'online' || agent.state === 'busy').length;
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <Logo />
        <span>AgentMesh</span>
      </div>
      <Button variant="primary" icon="send" className="new-task" onClick={onNewTask} data-testid="nav-new-task" aria-keyshortcuts="Control+K Meta+K">
        New task
      </Button>
      <ul className="nav-list">
        {items.map((item) => (
          <li key={item.view}>
            <a href={routeHref({ view: item.view } as Route)} className="nav-link" aria-current={current === item.view ? 'page' : undefined} data-testid={`nav-${item.view}`}>
              <Icon name={item.icon} />
              <span>{item.label}</span>
              {item.view === 'agents' && agents.length ? <span className="nav-count">{`${online}/${agents.length}`}</span> : null}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-footer">
        <span className={`live-dot live-${connection}`} aria-hidden="true" />
        <span className="sidebar-status" data-testid="connection-state">
          {connectionText[connection]}
        </span>
        {settings ? (
          <span className="sidebar-url mono" title={settings.url} data-testid="gateway-url">
            {settings.url.replace(/^https?:\/\//, '')}
          </span>
        ) : null}
      </div>
    </nav>
  );
}
