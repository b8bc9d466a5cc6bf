import { createApi } from './create-api';
import type { Api, MeshBridge } from './types';

export { ApiError, errorMessage } from './api-error';
export { sessionEnded } from './http-transport';
export type { Api, ConnectionState, Listener, MeshBridge, Unsubscribe } from './types';

declare global {
  interface Window {
    mesh?: MeshBridge;
  }
}

/** The one place that looks at the page's globals to choose a transport. */
export const api: Api = createApi({
  mesh: typeof window === 'undefined' ? undefined : window.mesh,
  http: {
    fetch: (url, init) => fetch(url, init),
    // Same origin: the session cookie goes along without withCredentials.
    openEvents: (url) => new EventSource(url),
  },
});
