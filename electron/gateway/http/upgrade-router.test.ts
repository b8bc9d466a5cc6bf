import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { rawSocket } from '../testing/raw-http.js';
import { allowedHostSet, bearerOf, tokenMatches, type GuardOptions } from './guards.js';
import { Readiness } from './readiness.js';
import { refuseUpgrade, UpgradeRouter, type Upgrade } from './upgrade-router.js';
import { HttpError } from './http-error.js';

const token = 'router-token-0123456789';
let server: Server;
let port: number;
const readiness = new Readiness();
const seen: { route: string; identity: Upgrade['identity']; query: string }[] = [];
// Routes answer with a status line naming themselves, so the test sees which one took the socket.
const answer = (route: string) => (upgrade: Upgrade) => {
  seen.push({ route, identity: upgrade.identity, query: upgrade.url.search });
  refuseUpgrade(upgrade.socket, new HttpError(418, 'ROUTED', route));
};

beforeAll(async () => {
  server = createServer((_req, res) => res.end('plain'));
  const guards: GuardOptions = { allowedHosts: () => allowedHostSet(port, []), authenticate: (given) => (tokenMatches(given, token) ? {} : undefined) };
  new UpgradeRouter({ guards, readiness, logger: createLogger({ level: 'error' }) })
    .add({ path: '/ws', matches: (url) => url.searchParams.has('service'), authenticate: () => ({}), accept: answer('service proxy') })
    .add({ path: '/ws', accept: answer('events') })
    .add({ path: '/gateway/connect', authenticate: (req) => (bearerOf(req) === 'agent-one-key' ? {} : undefined), accept: answer('hub') })
    .attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const upgrade = (path: string, headers: Record<string, string> = {}) =>
  rawSocket(port, [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n'), 3_000);

it('dispatches by path, and by query among routes that share a path', async () => {
  expect((await upgrade('/ws', { authorization: `Bearer ${token}` })).text).toContain('"message":"events"');
  expect((await upgrade('/ws?service=api')).text).toContain('"message":"service proxy"');
  expect((await upgrade('/elsewhere', { authorization: `Bearer ${token}` })).text).toMatch(/^HTTP\/1\.1 404 /);
  expect(seen.map(({ route, query }) => [route, query])).toEqual([
    ['events', ''],
    ['service proxy', '?service=api'],
  ]);
});

it('lets each route say how it authenticates: the management token by default, its own check otherwise', async () => {
  expect((await upgrade('/ws')).text).toMatch(/^HTTP\/1\.1 401 /);
  expect((await upgrade('/gateway/connect', { authorization: `Bearer ${token}` })).text).toMatch(/^HTTP\/1\.1 401 /);
  expect((await upgrade('/gateway/connect', { authorization: 'Bearer agent-one-key' })).text).toContain('"message":"hub"');
});

it('answers 503 with Retry-After while a startup step holds readiness, and closes every refused socket', async () => {
  const release = readiness.hold('warming up');
  const refused = await upgrade('/ws', { authorization: `Bearer ${token}` });
  release();
  expect(refused.text).toMatch(/^HTTP\/1\.1 503 /);
  expect(refused.text).toMatch(/Retry-After: 1/);
  expect(refused.text).toContain('warming up');
  expect(refused.closedAfterMs).toBeLessThan(3_000);
  expect((await upgrade('/ws', { authorization: `Bearer ${token}` })).text).toMatch(/^HTTP\/1\.1 418 /);
});
