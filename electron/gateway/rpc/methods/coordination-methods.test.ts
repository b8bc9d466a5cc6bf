import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';
import { codeOf, rpcClient, rpcSocket, type RpcClient } from '../../testing/rpc-client.js';
import { scriptAgent } from '../../testing/task-helpers.js';

// coordination.* and event.* over the real gateway: lock codes, heartbeats that renew leases,
// WebSocket notifications of subscribed events.
let h: Harness;
let rpc: RpcClient;

beforeAll(async () => {
  h = await startHarness({ config: () => ({ agents: [scriptAgent('worker', 'echo-agent')], coordination: { leaseSeconds: 2, maxWaiters: 1 } }) });
  rpc = rpcClient(h.url, h.token);
});
afterAll(() => h.close());

describe('coordination', () => {
  it('locks and unlocks; -40301 busy, -40303 timed out, -40304 held already, -40305 too many waiting, -40302 unknown', async () => {
    const held = await rpc.call('coordination.lock', { lock_name: 'repo', lock_type: 'exclusive', agent_id: 'worker' });
    expect(held).toMatchObject({ lock_id: expect.stringMatching(/^lock_/), owner: 'worker' });
    expect(Date.parse(held.expires_at) - Date.parse(held.acquired_at)).toBe(2_000);
    expect(await codeOf(rpc.call('coordination.lock', { lock_name: 'repo', timeout: 0 }))).toBe(-40301);
    expect(await codeOf(rpc.call('coordination.lock', { lock_name: 'repo', agent_id: 'worker', timeout: 0 }))).toBe(-40304);
    const waiting = codeOf(rpc.call('coordination.lock', { lock_name: 'repo', timeout: 0.3 }));
    expect(await codeOf(rpc.call('coordination.lock', { lock_name: 'repo', timeout: 0.3 }))).toBe(-40305);
    expect(await waiting).toBe(-40303);
    expect(await rpc.call('coordination.unlock', { lock_id: held.lock_id })).toMatchObject({ lock_id: held.lock_id, lock_name: 'repo' });
    expect(await codeOf(rpc.call('coordination.unlock', { lock_id: held.lock_id }))).toBe(-40302);
  });

  it('acknowledges heartbeats, renews the agent\'s leases, and says how coordination stands', async () => {
    const held = await rpc.call('coordination.lock', { lock_name: 'beat', agent_id: 'worker' });
    const beat = await rpc.call('coordination.heartbeat', { agent_id: 'worker', status: 'running', current_tasks: ['t1'] });
    expect(beat).toMatchObject({ coordination_status: 'active', renewed_locks: 1 });
    expect(Date.parse(beat.server_time)).not.toBeNaN();
    expect((await rpc.call('agent.status', { agent_id: 'worker' })).last_heartbeat).toBe(beat.acknowledged_at);
    await rpc.call('agent.shutdown', { agent_id: 'worker' });
    expect((await rpc.call('coordination.heartbeat', { agent_id: 'worker', status: 'stopped' })).coordination_status).toBe('standby');
    await rpc.call('agent.restart', { agent_id: 'worker' });
    expect(await codeOf(rpc.call('coordination.heartbeat', { agent_id: 'nobody', status: 'idle' }))).toBe(-40001);
    await rpc.call('coordination.unlock', { lock_id: held.lock_id });
  });
});

describe('events', () => {
  it('notifies a WebSocket subscriber of matching events, filtered, until it unsubscribes', async () => {
    const socket = await rpcSocket(h.url, h.token);
    const { subscription_id } = await socket.call('event.subscribe', { event_types: ['build.*', 'coordination.lock'], filter: { agent_id: 'worker' } });
    expect(await rpc.call('event.publish', { event_type: 'build.done', data: { ok: true }, agent_id: 'worker' })).toMatchObject({ delivered: 1 });
    expect(await rpc.call('event.publish', { event_type: 'build.done', data: { ok: false }, agent_id: 'someone' })).toMatchObject({ delivered: 0 });
    const note = await socket.next((message) => message.method === 'event');
    expect(note).toEqual({ jsonrpc: '2.0', method: 'event', params: { subscription_id, event: { event_id: expect.any(String), event_type: 'build.done', data: { ok: true }, timestamp: expect.any(String), agent_id: 'worker' } } });
    const lock = await rpc.call('coordination.lock', { lock_name: 'watched', agent_id: 'worker' });
    expect((await socket.next((message) => message.method === 'event')).params.event).toMatchObject({ event_type: 'coordination.lock', data: { action: 'acquired', lock_id: lock.lock_id } });
    expect(await socket.call('event.unsubscribe', { subscription_id })).toMatchObject({ unsubscribed: true });
    expect(await rpc.call('event.publish', { event_type: 'build.done', data: {}, agent_id: 'worker' })).toMatchObject({ delivered: 0 });
    await socket.close();
  });

  it('needs the WebSocket to subscribe (-32601 over HTTP) and keeps the gateway\'s own event names (-32602)', async () => {
    expect(await codeOf(rpc.call('event.subscribe', { event_types: ['*'] }))).toBe(-32601);
    expect(await codeOf(rpc.call('event.publish', { event_type: 'task_status', data: {} }))).toBe(-32602);
    expect(await codeOf(rpc.call('event.unsubscribe', { subscription_id: 'sub_nope' }))).toBe(-32602);
  });
});
