import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { echoServicePath, pythonServicePath, serviceApi, serviceTestConfig, ServiceClient, startEcho } from '../testing/service-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: () => serviceTestConfig() });
});
afterAll(async () => {
  await h.close();
});

describe('agent services over HTTP (specs/004)', () => {
  it('registers, starts, lists and shows a service in the spec shapes', async () => {
    const registered = await serviceApi(h, 'POST', '/services', {
      name: 'weather-agent', description: 'Weather information agent', agent_factory_path: echoServicePath, host: '127.0.0.1', tags: ['weather', 'information'],
      config: { max_sessions: 100, session_timeout: 1800, auto_restart: true, health_check_enabled: true },
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ success: true, message: 'Service registered successfully' });
    expect(registered.body.endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const id = registered.body.service_id as string;

    const started = await serviceApi(h, 'POST', `/services/${id}/start`);
    expect(started.body).toMatchObject({ success: true, status: 'running' });

    const list = await serviceApi(h, 'GET', '/services?tag=weather&status=running&limit=10&offset=0');
    expect(list.body).toMatchObject({ success: true, total: 1, page: { limit: 10, offset: 0, has_next: false } });
    expect(list.body.services[0]).toMatchObject({ service_id: id, name: 'weather-agent', status: 'running', tags: ['weather', 'information'], endpoint: registered.body.endpoint });
    expect(Object.keys(list.body.services[0].stats).sort()).toEqual(['active_sessions', 'total_connections', 'uptime_seconds']);
    expect((await serviceApi(h, 'GET', '/services?tag=nothing')).body.total).toBe(0);

    const detail = await serviceApi(h, 'GET', `/services/${id}`);
    expect(detail.body.config).toMatchObject({ max_sessions: 100, session_timeout: 1800, auto_restart: true, health_check_enabled: true });
    for (const field of ['total_connections', 'active_connections', 'peak_connections', 'total_sessions', 'active_sessions', 'completed_sessions', 'avg_session_duration', 'memory_usage_mb', 'cpu_usage_percent', 'error_count', 'error_rate']) {
      expect(typeof detail.body.stats[field], field).toBe('number');
    }
    expect(detail.body.health.status).toMatch(/healthy|unknown/);
  });

  it('answers errors as {success: false, error: {code, message, details}}', async () => {
    const missing = await serviceApi(h, 'GET', '/services/no-such-id');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ success: false, error: { code: 'SERVICE_NOT_FOUND', details: { service_id: 'no-such-id' } } });
    expect(missing.body.error.details.timestamp).toMatch(/^\d{4}-/);

    const invalid = await serviceApi(h, 'POST', '/services', { name: 'x', port: 'eighty' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('INVALID_REQUEST');

    const twice = await serviceApi(h, 'POST', '/services', { name: 'weather-agent', agent_factory_path: echoServicePath });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('SERVICE_ALREADY_EXISTS');

    expect((await serviceApi(h, 'POST', '/connections/nope/disconnect', {})).body.error.code).toBe('CONNECTION_NOT_FOUND');
    const malformed = await fetch(`${h.url}/api/v1/services`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: '{bad' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ success: false, error: { code: 'INVALID_REQUEST', details: { reason: 'INVALID_JSON' } } });
  });

  it('refuses a port something else holds with PORT_IN_USE, before starting anything', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    const refused = await serviceApi(h, 'POST', '/services', { name: 'squatter', agent_factory_path: echoServicePath, port });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'PORT_IN_USE', details: { port } });
    await new Promise((resolve) => holder.close(resolve));

    const registered = await serviceApi(h, 'POST', '/services', { name: 'late-squatter', agent_factory_path: echoServicePath, port });
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    const start = await serviceApi(h, 'POST', `/services/${registered.body.service_id}/start`);
    expect(start.body.error.code).toBe('PORT_IN_USE');
    await new Promise((resolve) => holder.close(resolve));
    await serviceApi(h, 'DELETE', `/services/${registered.body.service_id}`);
  });

  it('reports SERVICE_START_FAILED with the exit when the program dies before opening its port', async () => {
    const registered = await serviceApi(h, 'POST', '/services', { name: 'broken', command: process.execPath, args: ['-e', 'console.error("ERROR no config"); process.exit(2)'] });
    const start = await serviceApi(h, 'POST', `/services/${registered.body.service_id}/start`);
    expect(start.status).toBe(500);
    expect(start.body.error).toMatchObject({ code: 'SERVICE_START_FAILED', details: { exit_code: 2 } });
    expect((await serviceApi(h, 'GET', `/services/${registered.body.service_id}`)).body.status).toBe('error');
    await serviceApi(h, 'DELETE', `/services/broken`);
  });

  it('runs a Python service (python3-websockets) from its .py path and proxies to it', async () => {
    const registered = await serviceApi(h, 'POST', '/services', { name: 'py-echo', agent_factory_path: pythonServicePath, tags: ['py'] });
    const started = await serviceApi(h, 'POST', `/services/${registered.body.service_id}/start`);
    expect(started.body, JSON.stringify(started.body)).toMatchObject({ success: true, status: 'running' });
    const client = await ServiceClient.open(h, 'tag=py');
    expect((await client.event('connection_routed')).data.target_service).toBe('py-echo');
    client.send({ ask: 'forecast' });
    const answer = await client.next((message) => message.runtime === 'python');
    expect(answer.echo).toMatchObject({ original_message: { ask: 'forecast' }, proxy_metadata: { target_service: 'py-echo', routing_strategy: 'least_connections' } });
    client.close();
    // Python's logging writes "INFO:echo:…" to stderr: read as info, not as an error.
    const logs = await serviceApi(h, 'GET', `/logs/services/py-echo?level=info&limit=10`);
    expect(logs.body.logs.some((entry: any) => entry.message.includes('client connected') && entry.level === 'info')).toBe(true);
  });

  it('updates config, stops, and deletes (stopping it first)', async () => {
    const id = await startEcho(h, 'short-lived', { tags: ['tmp'] });
    const updated = await serviceApi(h, 'PUT', `/services/${id}/config`, { max_sessions: 200, auto_restart: false });
    expect(updated.body.config).toMatchObject({ max_sessions: 200, auto_restart: false, session_timeout: 1800 });
    expect((await serviceApi(h, 'PUT', `/services/${id}/config`, { max_sessions: -1 })).body.error.code).toBe('INVALID_REQUEST');
    const pid = (await serviceApi(h, 'GET', `/services/${id}`)).body.supervision.pid as number;
    expect((await serviceApi(h, 'DELETE', `/services/${id}`)).body.success).toBe(true);
    expect(() => process.kill(pid, 0)).toThrow();
    expect((await serviceApi(h, 'GET', `/services/${id}`)).status).toBe(404);
    // Every change is in the audit log under its full path and the face `services`.
    const audit = (await (await fetch(`${h.url}/audit?face=services&limit=20`, { headers: { authorization: `Bearer ${h.token}` } })).json()) as { entries: { action: string; outcome: string }[] };
    expect(audit.entries.map((entry) => entry.action)).toContain(`DELETE /api/v1/services/${id}`);
    expect(audit.entries.map((entry) => entry.action)).toContain(`PUT /api/v1/services/${id}/config`);
  });

  it('writes the stats overview in the spec shape', async () => {
    const overview = await serviceApi(h, 'GET', '/stats/overview');
    expect(Object.keys(overview.body).sort()).toEqual(['connections', 'performance', 'resources', 'services', 'sessions', 'success']);
    expect(Object.keys(overview.body.services).sort()).toEqual(['error', 'running', 'stopped', 'total']);
    expect(overview.body.services.running).toBeGreaterThanOrEqual(2);
    expect(Object.keys(overview.body.performance).sort()).toEqual(['avg_response_time_ms', 'error_rate', 'throughput_per_minute']);
    await h.gateway.services.agentServices.sampler.tick();
    const series = await serviceApi(h, 'GET', '/stats/timeseries?metric=connections&period=1h&interval=5m');
    expect(series.body).toMatchObject({ metric: 'connections', period: '1h', interval: '5m' });
    expect(series.body.data.length).toBeGreaterThan(0);
    expect(series.body.data[0]).toEqual({ timestamp: expect.stringMatching(/^\d{4}-/), value: expect.any(Number) });
  });
});
