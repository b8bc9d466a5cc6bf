import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './route';

describe('hash routes', () => {
  it.each<[string, Route]>([
    ['', { view: 'agents' }],
    ['#/', { view: 'agents' }],
    ['#/providers', { view: 'providers' }],
    ['#/orchestrate', { view: 'orchestrate' }],
    ['#/tasks', { view: 'tasks' }],
    ['#/tasks/t%2F1', { view: 'task', id: 't/1' }],
    ['#/spaces/space_1', { view: 'space', id: 'space_1' }],
    ['#/dispatch', { view: 'dispatch', agent: null }],
    ['#/dispatch?agent=echo', { view: 'dispatch', agent: 'echo' }],
    ['#/nowhere/else', { view: 'not-found', path: 'nowhere/else' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    if (hash.length > 2) expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
