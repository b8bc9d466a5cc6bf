import type { Api, Unsubscribe } from '../api';
import { createAgentsStore } from './agents-store';
import { createConfigFileStore } from './config-file-store';
import type { StoreDeps } from './deps';
import { createHubStore } from './hub-store';
import { createMonitorStore } from './monitor-store';
import { createOrchestrationStore } from './orchestration-store';
import { createProvidersStore } from './providers-store';
import { createRequestsStore } from './requests-store';
import { createRoutesStore } from './routes-store';
import { createSettingsStore } from './settings-store';
import { createSpacesStore } from './spaces-store';
import { createTasksStore } from './tasks-store';
import { createUiStore } from './ui-store';
import { createUsageStore } from './usage-store';

/** One store per domain, all on the same api; toasts from any of them land in the ui store. */
export function createStores(api: Api) {
  const ui = createUiStore();
  const deps: StoreDeps = { api, notify: (toast) => void ui.getState().push(toast) };
  return {
    ui,
    agents: createAgentsStore(deps),
    tasks: createTasksStore(deps),
    providers: createProvidersStore(deps),
    routes: createRoutesStore(deps),
    usage: createUsageStore(deps),
    requests: createRequestsStore(deps),
    spaces: createSpacesStore(deps),
    settings: createSettingsStore(deps),
    configFile: createConfigFileStore(deps),
    hub: createHubStore(deps),
    monitor: createMonitorStore(deps),
    orchestration: createOrchestrationStore(deps),
  };
}
export type Stores = ReturnType<typeof createStores>;

/**
 * Subscribes every store to its events. When the stream comes back after a drop, whatever
 * was loaded is fetched again, since events sent meanwhile are gone.
 */
export function connectStores(stores: Stores, api: Api): Unsubscribe {
  const offs = [
    stores.agents.getState().connect(),
    stores.tasks.getState().connect(),
    stores.providers.getState().connect(),
    stores.routes.getState().connect(),
    stores.usage.getState().connect(),
    stores.requests.getState().connect(),
    stores.configFile.getState().connect(),
    stores.spaces.getState().connect(),
    stores.hub.getState().connect(),
    stores.monitor.getState().connect(),
    stores.orchestration.getState().connect(),
  ];
  let dropped = false;
  offs.push(
    api.onConnection((state) => {
      stores.ui.getState().setConnection(state);
      if (state === 'reconnecting' || state === 'signed-out') dropped = true;
      if (state !== 'open' || !dropped) return;
      dropped = false;
      resync(stores);
    }),
  );
  return () => offs.forEach((off) => off());
}

function resync(stores: Stores): void {
  const reload = [stores.agents, stores.providers, stores.routes, stores.spaces, stores.settings, stores.configFile, stores.hub] as const;
  for (const store of reload) if (store.getState().loaded) void store.getState().load();
  if (stores.tasks.getState().loaded) void stores.tasks.getState().loadList();
  void stores.tasks.getState().resyncOpen();
  const space = stores.spaces.getState().open;
  if (space) void stores.spaces.getState().openSpace(space.id);
  const conversation = stores.hub.getState().selected;
  if (conversation) void stores.hub.getState().select(conversation);
  if (stores.usage.getState().loaded) void stores.usage.getState().load();
  if (stores.requests.getState().loaded) void stores.requests.getState().load();
  if (stores.monitor.getState().loaded) void stores.monitor.getState().load();
  if (stores.orchestration.getState().loaded) void stores.orchestration.getState().load();
  const run = stores.orchestration.getState().selected;
  if (run) void stores.orchestration.getState().select(run);
}
