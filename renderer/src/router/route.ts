import { useSyncExternalStore } from 'react';

export type Route =
  | { view: 'agents' }
  | { view: 'tasks' }
  | { view: 'task'; id: string }
  | { view: 'providers' }
  | { view: 'routing' }
  | { view: 'usage' }
  | { view: 'monitor' }
  | { view: 'spaces' }
  | { view: 'space'; id: string }
  | { view: 'settings' }
  | { view: 'orchestrate' }
  | { view: 'dispatch'; agent: string | null }
  | { view: 'not-found'; path: string };

const simple = ['agents', 'orchestrate', 'tasks', 'providers', 'routing', 'usage', 'monitor', 'spaces', 'settings'] as const;
type SimpleView = (typeof simple)[number];

/** `#/tasks/abc` -> { view: 'task', id: 'abc' }; an empty hash is the agents overview. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [head = '', ...rest] = path.split('/').filter(Boolean);
  if (!head) return { view: 'agents' };
  if (head === 'tasks' && rest.length === 1) return { view: 'task', id: decodeURIComponent(rest[0]!) };
  if (head === 'spaces' && rest.length === 1) return { view: 'space', id: decodeURIComponent(rest[0]!) };
  if (head === 'dispatch' && !rest.length) return { view: 'dispatch', agent: new URLSearchParams(query).get('agent') };
  if ((simple as readonly string[]).includes(head) && !rest.length) return { view: head as SimpleView };
  return { view: 'not-found', path };
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'task':
      return `#/tasks/${encodeURIComponent(route.id)}`;
    case 'space':
      return `#/spaces/${encodeURIComponent(route.id)}`;
    case 'dispatch':
      return route.agent ? `#/dispatch?agent=${encodeURIComponent(route.agent)}` : '#/dispatch';
    case 'not-found':
      return `#/${route.path}`;
    default:
      return `#/${route.view}`;
  }
}

export const navigate = (route: Route) => {
  window.location.hash = routeHref(route);
};

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The current hash route; hash routing needs no router library and works from file:// in Electron. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
