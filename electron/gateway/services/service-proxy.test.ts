import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { serviceApi, serviceTestConfig, ServiceClient, startEcho } from '../testing/service-helpers.js';

let h: Harness;
const ids: Record<string, string> = {};
beforeAll(async () => {
  h = await startHarness({ config: () => serviceTestConfig() });
  ids['weather-1'] = await startEcho(h, 'weather-1', { tags: ['weather'] });
  ids['weather-2'] = await startEcho(h, 'weather-2', { tags: ['weather'] });
  ids['vip-1'] = await startEcho(h, 'vip-1', { tags: ['high-performance'] });
  ids['solo'] = await startEcho(h, 'solo', { tags: ['solo'], config: { max_sessions: 1 } });
});
afterAll(async () => {
  await h.close();
});

const pidOf = async (id: string) => (await serviceApi(h, 'GET', `/services/${id}`)).body.supervision.pid as number;

describe('the /ws service proxy', () => {
  it('routes by tag, announces the route, and wraps each client message for the service', async () => {
    const client = await ServiceClient.open(h, 'tag=weather&routing_hint=round_robin');
    const routed = await client.event('connection_routed');
    expect(routed.data).toMatchObject({ routing_strategy: 'round_robin', service_endpoint: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+$/) });
    expect(['weather-1', 'weather-2']).toContain(routed.data.target_service);
    client.send({ city: 'Paris' });
    const answer = await client.next((message) => message.echo);
    expect(answer.service).toBe(routed.data.target_service);
    expect(answer.echo.original_message).toEqual({ city: 'Paris' });
    expect(answer.echo.proxy_metadata).toMatchObject({ connection_id: expect.any(String), target_service: routed.data.target_service, routing_strategy: 'round_robin', timestamp: expect.stringMatching(/^\d{4}-/) });

    const listed = await serviceApi(h, 'GET', `/connections?service_id=${ids[routed.data.target_service]}&status=active&limit=20`);
    const connection = listed.body.connections.find((entry: any) => entry.connection_id === answer.echo.proxy_metadata.connection_id);
    expect(connection).toMatchObject({ status: 'active', client_ip: '127.0.0.1', target_service_id: ids[routed.data.target_service], message_count: 2 });
    expect(connection.bytes_received).toBeGreaterThan(0);
    expect(connection.bytes_sent).toBeGreaterThan(0);
    client.close();
    await client.closed;
  });

  it('moves a client to another instance with the same tags when its instance is killed, keeping the session', async () => {
    const client = await ServiceClient.open(h, 'tag=weather&session_id=s-failover');
    const from = (await client.event('connection_routed')).data.target_service as string;
    client.send({ n: 1 });
    await client.next((message) => message.echo?.original_message?.n === 1);
    const killedAt = performance.now();
    process.kill(await pidOf(ids[from]!), 'SIGKILL');
    const switched = await client.event('service_switched');
    const failoverMs = performance.now() - killedAt;
    const to = from === 'weather-1' ? 'weather-2' : 'weather-1';
    expect(switched.data).toEqual({ from_service: from, to_service: to, reason: expect.any(String), session_preserved: true });
    expect(failoverMs).toBeLessThan(1_000);
    client.send({ n: 2 });
    const answer = await client.next((message) => message.echo?.original_message?.n === 2);
    expect(answer.service).toBe(to);
    expect(answer.echo.proxy_metadata.session_id).toBe('s-failover');
    // auto_restart brings the killed one back.
    await expect.poll(async () => (await serviceApi(h, 'GET', `/services/${ids[from]}`)).body.status, { timeout: 5_000 }).toBe('running');
    client.close();
  });

  it('moves clients off an instance that fails its health check (reason service_unhealthy)', async () => {
    const sick = await startEcho(h, 'sick', { tags: ['h'] });
    const client = await ServiceClient.open(h, 'service=sick');
    await client.event('connection_routed');
    await startEcho(h, 'well', { tags: ['h'] });
    // The echo service answers plain HTTP with 426: an HTTP health path fails.
    await serviceApi(h, 'PUT', `/services/${sick}/config`, { health_path: '/healthz' });
    const check = await serviceApi(h, 'POST', `/health/services/${sick}/check`);
    expect(check.body.error).toMatchObject({ code: 'HEALTH_CHECK_FAILED', details: { status: 'unhealthy', error: 'HTTP 426' } });
    expect((await client.event('service_switched')).data).toEqual({ from_service: 'sick', to_service: 'well', reason: 'service_unhealthy', session_preserved: true });
    const fresh = await ServiceClient.open(h, 'tag=h');
    expect((await fresh.event('connection_routed')).data.target_service).toBe('well');
    client.close();
    fresh.close();
  });

  it('resumes a session on the same instance while it is up', async () => {
    const first = await ServiceClient.open(h, 'tag=weather&session_id=s-resume&routing_hint=round_robin');
    const home = (await first.event('connection_routed')).data.target_service;
    first.close();
    await first.closed;
    for (let attempt = 0; attempt < 3; attempt++) {
      const again = await ServiceClient.open(h, 'tag=weather&session_id=s-resume&routing_hint=round_robin');
      expect((await again.event('connection_routed')).data).toMatchObject({ target_service: home, routing_strategy: 'session_affinity' });
      again.close();
      await again.closed;
    }
  });

  it('sends ROUTING_FAILED when no healthy instance is left', async () => {
    const lonely = await startEcho(h, 'lonely', { tags: ['lonely'], config: { auto_restart: false } });
    const client = await ServiceClient.open(h, 'tag=lonely');
    await client.event('connection_routed');
    process.kill(await pidOf(lonely), 'SIGKILL');
    const error = await client.event('error');
    expect(error.data).toEqual({ code: 'ROUTING_FAILED', message: expect.any(String), recoverable: false });
    expect((await client.closed).code).toBe(1013);
    const none = await ServiceClient.open(h, 'service=lonely');
    expect((await none.event('error')).data.code).toBe('ROUTING_FAILED');
  });

  it('routes by service rules on headers (vip to high-performance)', async () => {
    const created = await serviceApi(h, 'POST', '/routing/rules', {
      name: 'VIP routing', priority: 10, conditions: [{ field: 'header.x-user-tier', operator: 'equals', value: 'vip' }], target_strategy: 'least_connections', target_tags: ['high-performance'], enabled: true,
    });
    expect(created.status).toBe(201);
    expect((await serviceApi(h, 'GET', '/routing/rules?enabled=true')).body.rules.map((rule: any) => rule.name)).toContain('VIP routing');
    const vip = await ServiceClient.open(h, 'tag=weather', { 'x-user-tier': 'vip' });
    expect((await vip.event('connection_routed')).data.target_service).toBe('vip-1');
    const plain = await ServiceClient.open(h, 'tag=weather', { 'x-user-tier': 'basic' });
    expect((await plain.event('connection_routed')).data.target_service).toMatch(/^weather-/);
    const tested = await serviceApi(h, 'POST', '/routing/test', { headers: { 'X-User-Tier': 'vip' }, query: { tag: 'weather' } });
    expect(tested.body).toMatchObject({ routed: true, target_service: 'vip-1', matched_rule: { name: 'VIP routing' } });
    const bad = await serviceApi(h, 'POST', '/routing/rules', { name: 'bad', conditions: [{ field: 'header.a', operator: 'regex', value: '(' }], target_tags: ['x'] });
    expect(bad.body.error.code).toBe('INVALID_REQUEST');
    expect((await serviceApi(h, 'PUT', `/routing/rules/${created.body.rule_id}`, { enabled: false })).body.rule.enabled).toBe(false);
    expect((await serviceApi(h, 'DELETE', `/routing/rules/${created.body.rule_id}`)).body.success).toBe(true);
    vip.close();
    plain.close();
  });

  it('enforces max_sessions', async () => {
    const first = await ServiceClient.open(h, 'service=solo');
    await first.event('connection_routed');
    const second = await ServiceClient.open(h, 'service=solo');
    expect((await second.event('error')).data).toMatchObject({ code: 'INSUFFICIENT_RESOURCES', recoverable: true });
    first.close();
    await first.closed;
    const third = await ServiceClient.open(h, 'service=solo');
    expect((await third.event('connection_routed')).data.target_service).toBe('solo');
    third.close();
  });

  it('closes a client idle for session_timeout', async () => {
    await startEcho(h, 'brief', { tags: ['brief'], config: { session_timeout: 1 } });
    const client = await ServiceClient.open(h, 'service=brief');
    await client.event('connection_routed');
    const opened = Date.now();
    expect(await client.closed).toEqual({ code: 1000, reason: 'session_timeout' });
    expect(Date.now() - opened).toBeGreaterThanOrEqual(900);
  });

  it('lets administrators notify and disconnect clients', async () => {
    const client = await ServiceClient.open(h, 'service=vip-1');
    await client.event('connection_routed');
    const notified = await serviceApi(h, 'POST', `/services/vip-1/notify`, { type: 'maintenance_window', message: 'Service will be restarted in 5 minutes', severity: 'warning', countdown_seconds: 300 });
    expect(notified.body.notified_clients).toBe(1);
    expect((await client.event('management_notification')).data).toEqual({ type: 'maintenance_window', message: 'Service will be restarted in 5 minutes', severity: 'warning', countdown_seconds: 300 });
    const active = (await serviceApi(h, 'GET', `/connections?service_id=vip-1&status=active`)).body.connections;
    expect(active).toHaveLength(1);
    const cut = await serviceApi(h, 'POST', `/connections/${active[0].connection_id}/disconnect`, { reason: 'maintenance', notify_client: true });
    expect(cut.body.success).toBe(true);
    expect((await client.event('management_notification')).data).toMatchObject({ type: 'disconnect', message: 'maintenance' });
    expect(await client.closed).toEqual({ code: 1000, reason: 'maintenance' });
    const closed = (await serviceApi(h, 'GET', `/connections?service_id=vip-1&status=closed`)).body.connections;
    expect(closed[0]).toMatchObject({ connection_id: active[0].connection_id, status: 'closed' });
  });

  it('keeps plain /ws the event socket', async () => {
    const events = await ServiceClient.open(h, 'taskId=none');
    expect((await events.next()).type).toBe('connected');
    events.close();
  });
});
