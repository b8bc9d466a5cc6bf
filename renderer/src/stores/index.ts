import { useStore } from 'zustand';
import { api } from '../api';
import type { AgentsStore } from './agents-store';
import type { ConfigFileStore } from './config-file-store';
import { connectStores, createStores } from './connect-stores';
import type { HubStore } from './hub-store';
import type { MonitorStore } from './monitor-store';
import type { OrchestrationStore } from './orchestration-store';
import type { ProvidersStore } from './providers-store';
import type { RequestsStore } from './requests-store';
import type { RoutesStore } from './routes-store';
import type { SettingsStore } from './settings-store';
import type { SpacesStore } from './spaces-store';
import type { TasksStore } from './tasks-store';
import type { UiStore } from './ui-store';
import type { UsageStore } from './usage-store';

/** The app's store instances, built on the real api; tests build their own with createStores. */
export const stores = createStores(api);

export const connectAppStores = () => connectStores(stores, api);

export const useUi = <T>(selector: (state: UiStore) => T): T => useStore(stores.ui, selector);
export const useAgents = <T>(selector: (state: AgentsStore) => T): T => useStore(stores.agents, selector);
export const useTasks = <T>(selector: (state: TasksStore) => T): T => useStore(stores.tasks, selector);
export const useProviders = <T>(selector: (state: ProvidersStore) => T): T => useStore(stores.providers, selector);
export const useRoutes = <T>(selector: (state: RoutesStore) => T): T => useStore(stores.routes, selector);
export const useUsage = <T>(selector: (state: UsageStore) => T): T => useStore(stores.usage, selector);
export const useRequests = <T>(selector: (state: RequestsStore) => T): T => useStore(stores.requests, selector);
export const useSpaces = <T>(selector: (state: SpacesStore) => T): T => useStore(stores.spaces, selector);
export const useConfigFile = <T>(selector: (state: ConfigFileStore) => T): T => useStore(stores.configFile, selector);
export const useHub = <T>(selector: (state: HubStore) => T): T => useStore(stores.hub, selector);
export const useMonitor = <T>(selector: (state: MonitorStore) => T): T => useStore(stores.monitor, selector);
export const useSettings = <T>(selector: (state: SettingsStore) => T): T => useStore(stores.settings, selector);
export const useOrchestration = <T>(selector: (state: OrchestrationStore) => T): T => useStore(stores.orchestration, selector);

export { agentsSelectors } from './agents-store';
export { configFileSelectors } from './config-file-store';
export { hubSelectors } from './hub-store';
export { monitorSelectors } from './monitor-store';
export { orchestrationSelectors } from './orchestration-store';
export { providersSelectors } from './providers-store';
export { requestsSelectors } from './requests-store';
export { routesSelectors } from './routes-store';
export { settingsSelectors } from './settings-store';
export { spacesSelectors } from './spaces-store';
export { tasksSelectors } from './tasks-store';
export { uiSelectors } from './ui-store';
export { usageSelectors } from './usage-store';
