import { useEffect, useState } from 'react';
import { ConfigFileBanner } from './components/ConfigFileBanner';
import { ConnectionBanner } from './components/ConnectionBanner';
import { EmptyState } from './components/EmptyState';
import { Sidebar } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { routeHref, useRoute, type Route } from './router/route';
import { connectAppStores, stores } from './stores';
import { AgentsView } from './views/agents/AgentsView';
import { DispatchDialog } from './views/dispatch/DispatchDialog';
import { DispatchPage } from './views/dispatch/DispatchPage';
import { OrchestrateView } from './views/orchestrate/OrchestrateView';
import { ProvidersView } from './views/providers/ProvidersView';
import { RoutingView } from './views/routing/RoutingView';
import { SettingsView } from './views/settings/SettingsView';
import { SpacePage } from './views/spaces/SpacePage';
import { SpacesView } from './views/spaces/SpacesView';
import { TaskPage } from './views/tasks/TaskPage';
import { TasksView } from './views/tasks/TasksView';
import { UsageView } from './views/usage/UsageView';
import { MonitorView } from './views/monitor/MonitorView';

const titles: Record<Route['view'], string> = {
  agents: 'Agents',
  orchestrate: 'Orchestrate',
  tasks: 'Tasks',
  task: 'Task',
  providers: 'Providers',
  routing: 'Routing',
  usage: 'Usage',
  monitor: 'Monitor',
  spaces: 'Spaces',
  space: 'Space',
  settings: 'Settings',
  dispatch: 'Quick dispatch',
  'not-found': 'Not found',
};

export function App() {
  const route = useRoute();
  const [newTask, setNewTask] = useState(false);
  useEffect(() => {
    const disconnect = connectAppStores();
    // The sidebar shows agents and the gateway address on every page, and the shell a broken config file.
    void stores.agents.getState().load();
    void stores.settings.getState().load();
    void stores.configFile.getState().load();
    return disconnect;
  }, []);
  useEffect(() => {
    document.title = `${titles[route.view]} · AgentMesh`;
  }, [route.view]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setNewTask(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (route.view === 'dispatch') {
    return (
      <>
        <DispatchPage agent={route.agent} />
        <Toasts />
      </>
    );
  }
  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <Sidebar route={route} onNewTask={() => setNewTask(true)} />
      <main className="content" id="main" tabIndex={-1}>
        <div className="banners">
          <ConnectionBanner />
          <ConfigFileBanner />
        </div>
        <div className="content-inner">
          <CurrentView route={route} onNewTask={() => setNewTask(true)} />
        </div>
      </main>
      <Toasts />
      {newTask ? <DispatchDialog agent={null} onClose={() => setNewTask(false)} /> : null}
    </div>
  );
}

function CurrentView({ route, onNewTask }: { route: Route; onNewTask: () => void }) {
  switch (route.view) {
    case 'agents':
      return <AgentsView />;
    case 'orchestrate':
      return <OrchestrateView />;
    case 'tasks':
      return <TasksView onNewTask={onNewTask} />;
    case 'task':
      return <TaskPage key={route.id} id={route.id} />;
    case 'providers':
      return <ProvidersView />;
    case 'routing':
      return <RoutingView />;
    case 'usage':
      return <UsageView />;
    case 'monitor':
      return <MonitorView />;
    case 'spaces':
      return <SpacesView />;
    case 'space':
      return <SpacePage key={route.id} id={route.id} />;
    case 'settings':
      return <SettingsView />;
    case 'dispatch':
    case 'not-found':
      return (
        <EmptyState icon="search" title="Nothing here" action={<a className="btn btn-primary" href={routeHref({ view: 'agents' })}>Go to Agents</a>}>
          <p>There is no page at this address.</p>
        </EmptyState>
      );
  }
}
