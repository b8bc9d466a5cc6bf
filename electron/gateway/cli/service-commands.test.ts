import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { echoServicePath, serviceTestConfig, ServiceClient } from '../testing/service-helpers.js';
import { parseCondition } from './service-commands.js';

// `agentmesh service …` and `myagent-manager …` against a running gateway, as a user types them.
const agentmesh = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
const manager = fileURLToPath(new URL('../../../bin/myagent-manager.mjs', import.meta.url));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ config: () => serviceTestConfig() });
});
afterAll(() => h.close());

function run(bin: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--url', h.url], { env: { ...process.env, AGENTMESH_TOKEN: h.token } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const mm = (...args: string[]) => run(manager, ...args);

describe('myagent-manager / agentmesh service', () => {
  it('registers, starts, lists, shows, checks, restarts, stops and removes by name', async () => {
    const registered = await mm('register', 'weather-agent', echoServicePath, '--tags', 'weather,info', '--max-sessions', '100');
    expect(registered.stderr).toBe('');
    expect(registered.stdout).toMatch(/^registered weather-agent \([0-9a-f-]{36}\) at ws:\/\/127\.0\.0\.1:\d+\n$/);
    expect((await mm('start', 'weather-agent')).stdout).toBe('weather-agent started (running)\n');
    const listed = await mm('list', '--tag', 'weather', '--status', 'running');
    expect(listed.stdout).toMatch(/^NAME\s+STATUS\s+HEALTH\s+ENDPOINT/);
    expect(listed.stdout).toMatch(/^weather-agent\s+running\s+\w+\s+ws:\/\/127\.0\.0\.1:\d+\s+weather,info/m);
    expect((await mm('list', '--status', 'stopped')).stdout).toBe('No services registered.\n');
    const shown = await mm('show', 'weather-agent');
    expect(shown.stdout).toMatch(/status\s+running \(pid \d+\)/);
    expect(shown.stdout).toContain('max_sessions 100');
    expect((await mm('health-check', 'weather-agent')).stdout).toMatch(/^weather-agent: healthy \([\d.]+ ms\)\n$/);
    expect((await mm('restart', 'weather-agent')).stdout).toBe('weather-agent restarted (running)\n');
    const status = await mm('status');
    expect(status.stdout).toMatch(/^services\s+1 total: 1 running, 0 stopped, 0 in error$/m);
    const monitor = await mm('monitor', '--service', 'weather-agent', '--interval', '0.1', '--count', '2');
    expect(monitor.stdout.match(/^weather-agent\s+running\s+healthy/gm)).toHaveLength(2);
    const logs = await mm('logs', 'weather-agent', '--level', 'info');
    expect(logs.stdout).toMatch(/ INFO {2}listening on \d+/);
    expect((await mm('stop', 'weather-agent')).stdout).toBe('weather-agent stopped (stopped)\n');
    const failed = await mm('health-check', 'weather-agent');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^myagent-manager: HEALTH_CHECK_FAILED: /);
    expect((await mm('remove', 'weather-agent')).stdout).toBe('removed weather-agent\n');
    expect((await mm('show', 'weather-agent')).stderr).toMatch(/SERVICE_NOT_FOUND/);
  }, 180_000);

  it('lists and disconnects connections, and manages service rules under agentmesh service', async () => {
    await run(agentmesh, 'service', 'register', 'hp', echoServicePath, '--tags', 'high-performance', '--start');
    const created = await run(agentmesh, 'service', 'route', 'create', 'vip-routing', '--condition', 'header.x-user-tier=vip', '--target-tag', 'high-performance', '--strategy', 'least_connections', '--priority', '10');
    expect(created.stdout).toMatch(/^created rule vip-routing \(/);
    expect((await run(agentmesh, 'service', 'route', 'list')).stdout).toMatch(/^vip-routing\s+10\s+header\.x-user-tier equals vip\s+least_connections\s+high-performance\s+yes/m);
    const client = await ServiceClient.open(h, 'tag=anything', { 'x-user-tier': 'vip' });
    expect((await client.event('connection_routed')).data.target_service).toBe('hp');
    const connections = await run(agentmesh, 'service', 'connections', '--service', 'hp', '--json');
    const [connection] = JSON.parse(connections.stdout).connections;
    expect(connection.status).toBe('active');
    expect((await run(agentmesh, 'service', 'disconnect', connection.connection_id, '--reason', 'maintenance')).stdout).toBe(`disconnected ${connection.connection_id}\n`);
    expect(await client.closed).toEqual({ code: 1000, reason: 'maintenance' });
    expect((await run(agentmesh, 'service', 'route', 'delete', 'vip-routing')).stdout).toBe('deleted rule vip-routing\n');
    expect((await run(agentmesh, 'service', 'route', 'list')).stdout).toBe('No service rules.\n');
  }, 120_000);
});

describe('--condition text', () => {
  it.each([
    ['header.x-user-tier=vip', { field: 'header.x-user-tier', operator: 'equals', value: 'vip' }],
    ['query.region!=us', { field: 'query.region', operator: 'not_equals', value: 'us' }],
    ['header.user-agent*=bot', { field: 'header.user-agent', operator: 'contains', value: 'bot' }],
    ['query.team^=core-', { field: 'query.team', operator: 'prefix', value: 'core-' }],
    ['header.x-id~=^[0-9]+$', { field: 'header.x-id', operator: 'regex', value: '^[0-9]+$' }],
    ['client_ip in 10.0.0.1, 10.0.0.2', { field: 'client_ip', operator: 'in', value: ['10.0.0.1', '10.0.0.2'] }],
  ])('%s', (text, condition) => {
    expect(parseCondition(text)).toEqual(condition);
  });
  it('refuses what it cannot read', () => {
    expect(() => parseCondition('no operator here')).toThrow(/cannot read condition/);
  });
});
