import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { createGateway } from '../server.js';
import { startHarness, TEST_TOKEN, type Harness } from '../testing/gateway-harness.js';
import { echoServicePath, serviceApi, serviceTestConfig, ServiceClient, startEcho } from '../testing/service-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: () => serviceTestConfig({ crashLoopFailures: 3, crashLoopWindowMs: 60_000 }) });
});
afterAll(async () => {
  await h.close();
});

const detail = async (id: string) => (await serviceApi(h, 'GET', `/services/${id}`)).body;

describe('service supervision', () => {
  it('restarts a crashing service with growing backoff, then stops in crash_loop', async () => {
    const registered = await serviceApi(h, 'POST', '/services', { name: 'flaky', agent_factory_path: echoServicePath, env: { EXIT_AFTER_MS: '150' }, config: { health_check_enabled: false } });
    const id = registered.body.service_id as string;
    const startedAt = Date.now();
    expect((await serviceApi(h, 'POST', `/services/${id}/start`)).body.status).toBe('running');
    const seen = new Set<string>();
    await expect
      .poll(async () => {
        const body = await detail(id);
        seen.add(body.status);
        return body.status;
      }, { timeout: 10_000, interval: 20 })
      .toBe('crash_loop');
    // 3 crashes: restarts after 100 ms and 200 ms of backoff, each run lasting 150 ms and more.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(3 * 150 + 100 + 200);
    expect(seen).toContain('restarting');
    const body = await detail(id);
    expect(body.supervision).toMatchObject({ crashes: 3, restarts: 2, pid: null, last_exit: { code: 3 } });
    // The crash reason is in its logs, as an error.
    const errors = await serviceApi(h, 'GET', `/logs/services/${id}?level=error&limit=10`);
    expect(errors.body.logs.map((entry: any) => entry.message)).toContain('ERROR fatal: crashing on purpose');
    // A start by hand clears the crash loop.
    await serviceApi(h, 'PUT', `/services/${id}/config`, { auto_restart: false });
    expect((await serviceApi(h, 'POST', `/services/${id}/start`)).body.status).toBe('running');
    await expect.poll(async () => (await detail(id)).status, { timeout: 5_000 }).toBe('error');
  });

  it('checks health on an interval, keeps the history, and fails a manual check of a stopped service', async () => {
    const id = await startEcho(h, 'checked', { config: { health_check_interval: 0.1 } });
    await expect.poll(async () => (await serviceApi(h, 'GET', `/health/services/${id}/history?limit=50`)).body.history.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    const history = (await serviceApi(h, 'GET', `/health/services/${id}/history?limit=2`)).body.history;
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ status: 'healthy', response_time_ms: expect.any(Number), timestamp: expect.any(String) });
    const manual = await serviceApi(h, 'POST', `/health/services/${id}/check`);
    expect(manual.body).toMatchObject({ success: true, status: 'healthy' });
    expect((await serviceApi(h, 'GET', `/health/services/${id}`)).body).toMatchObject({ status: 'healthy', last_check: expect.any(String), response_time_ms: expect.any(Number) });
    await serviceApi(h, 'POST', `/services/${id}/stop`);
    const failed = await serviceApi(h, 'POST', `/health/services/${id}/check`);
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('HEALTH_CHECK_FAILED');
  });

  it('stops the whole process tree gracefully (SIGTERM first)', async () => {
    const id = await startEcho(h, 'graceful');
    const pid = (await detail(id)).supervision.pid as number;
    expect((await serviceApi(h, 'POST', `/services/${id}/stop`)).body.status).toBe('stopped');
    expect(() => process.kill(pid, 0)).toThrow();
    // The echo service logs "stopping" from its SIGTERM handler.
    const logs = await serviceApi(h, 'GET', `/logs/services/${id}?limit=20`);
    expect(logs.body.logs.map((entry: any) => entry.message)).toContain('stopping');
  });

  it('keeps logs line by line with levels from JSON lines, and searches them (FTS5)', async () => {
    const id = await startEcho(h, 'chatty');
    const client = await ServiceClient.open(h, 'service=chatty');
    client.send({ say: 'log-error' });
    await client.next((message) => message.echo);
    client.close();
    await expect.poll(async () => (await serviceApi(h, 'GET', `/logs/search?query=${encodeURIComponent('weather station')}&service_id=${id}&limit=5`)).body.total).toBe(1);
    const found = (await serviceApi(h, 'GET', `/logs/search?query=unreachable&limit=5`)).body.logs[0];
    expect(found).toMatchObject({ service_id: id, level: 'error', stream: 'stdout', message: 'asked to log an error: weather station unreachable' });
    const info = (await serviceApi(h, 'GET', `/logs/services/${id}?level=info&limit=100`)).body.logs.map((entry: any) => entry.level);
    expect(info).toContain('info');
    expect(info).toContain('error');
    const errorsOnly = (await serviceApi(h, 'GET', `/logs/services/${id}?level=error`)).body.logs;
    expect(errorsOnly.every((entry: any) => entry.level === 'error')).toBe(true);
    const future = (await serviceApi(h, 'GET', `/logs/services/${id}?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.logs;
    expect(future).toEqual([]);
    // Odd FTS5 syntax is searched as a phrase, not a 500.
    expect((await serviceApi(h, 'GET', `/logs/search?query=${encodeURIComponent('"unbalanced AND (')}`)).status).toBe(200);
  });

  it('warns clients with a countdown before a scheduled restart', async () => {
    const id = await startEcho(h, 'maintained', { tags: ['maint'] });
    const client = await ServiceClient.open(h, 'tag=maint');
    await client.event('connection_routed');
    const scheduled = await serviceApi(h, 'POST', `/services/${id}/restart`, { countdown_seconds: 1 });
    expect(scheduled.status).toBe(202);
    expect((await client.event('management_notification')).data).toMatchObject({ type: 'maintenance_window', severity: 'warning', countdown_seconds: 1 });
    // No other instance with the tag: the client is told, then closed.
    expect((await client.event('error', 5_000)).data.code).toBe('ROUTING_FAILED');
    await expect.poll(async () => (await detail(id)).status, { timeout: 5_000 }).toBe('running');
    expect((await detail(id)).supervision.restarts).toBe(1);
  });
});

describe('restart backoff', () => {
  it('doubles while crashes come quickly, and starts over once a run outlasts backoffResetMs', async () => {
    const b = await startHarness({ config: () => serviceTestConfig({ backoffInitialMs: 100, backoffMaxMs: 10_000, backoffResetMs: 400, crashLoopFailures: 100 }) });
    try {
      const waits = new Map<string, number[]>();
      const manager = b.gateway.services.agentServices.manager;
      b.gateway.services.bus.on('service.changed', ({ name, status }) => {
        if (status !== 'restarting') return;
        const next = manager.get(name).nextRestartAt!;
        waits.set(name, [...(waits.get(name) ?? []), next - Date.now()]);
      });
      await startEcho(b, 'quick-crash', { env: { EXIT_AFTER_MS: '100' }, config: { health_check_enabled: false } });
      await startEcho(b, 'slow-crash', { env: { EXIT_AFTER_MS: '600' }, config: { health_check_enabled: false } });
      await expect.poll(() => (waits.get('quick-crash') ?? []).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      await expect.poll(() => (waits.get('slow-crash') ?? []).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      const near = (ms: number) => expect.closeTo(ms, -2);
      expect(waits.get('quick-crash')!.slice(0, 3)).toEqual([near(100), near(200), near(400)]);
      expect(waits.get('slow-crash')!.slice(0, 3)).toEqual([near(100), near(100), near(100)]);
      await serviceApi(b, 'POST', '/services/quick-crash/stop');
      await serviceApi(b, 'POST', '/services/slow-crash/stop');
    } finally {
      await b.close();
    }
  }, 60_000);
});

describe('services across a gateway restart', () => {
  it('come back in the state they had (a running one is started again)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-services-'));
    const options = { config: serviceTestConfig(), host: '127.0.0.1', port: 0, dataDir, token: TEST_TOKEN, logger: createLogger({ level: 'error', write: () => {} }) };
    const first = createGateway(options);
    await first.start();
    const running = await startEcho({ url: first.url, token: TEST_TOKEN }, 'persistent', { tags: ['p'] });
    const registered = await serviceApi({ url: first.url, token: TEST_TOKEN }, 'POST', '/services', { name: 'idle', agent_factory_path: echoServicePath });
    await first.stop();
    const second = createGateway(options);
    await second.start();
    try {
      const api = { url: second.url, token: TEST_TOKEN };
      await expect.poll(async () => (await serviceApi(api, 'GET', `/services/${running}`)).body.status, { timeout: 10_000 }).toBe('running');
      expect((await serviceApi(api, 'GET', `/services/${registered.body.service_id}`)).body.status).toBe('stopped');
      const client = await ServiceClient.open(api, 'tag=p');
      expect((await client.event('connection_routed')).data.target_service).toBe('persistent');
      client.close();
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
