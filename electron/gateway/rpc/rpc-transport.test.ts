import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../log/logger.js';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { rpcClient, rpcSocket, type RpcClient } from '../testing/rpc-client.js';
import { RpcDispatcher, rpcMethod } from './dispatcher.js';

// JSON-RPC 2.0 as the spec words it, against a real gateway: parse errors, invalid requests,
// unknown methods, zod issues in error.data, batches, notifications, both transports, tokens.
let h: Harness;
let rpc: RpcClient;

beforeAll(async () => {
  h = await startHarness();
  rpc = rpcClient(h.url, h.token);
});
afterAll(() => h.close());

const request = (method: string, params?: unknown, id: unknown = 1) => ({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });

describe('POST /rpc', () => {
  it('answers -32700 with id null to a body that is not JSON', async () => {
    const { status, body } = await rpc.post('{"jsonrpc": "2.0", "method": ');
    expect(status).toBe(200);
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  });

  it('answers -32600 to requests that are not JSON-RPC 2.0, and to an empty batch', async () => {
    expect((await rpc.post({ jsonrpc: '1.0', id: 1, method: 'agent.status' })).body).toMatchObject({ id: 1, error: { code: -32600 } });
    expect((await rpc.post({ jsonrpc: '2.0', id: 2, method: 42 })).body).toMatchObject({ id: 2, error: { code: -32600 } });
    expect((await rpc.post({ jsonrpc: '2.0', id: { no: 1 }, method: 'x' })).body).toMatchObject({ id: null, error: { code: -32600 } });
    expect((await rpc.post([])).body).toMatchObject({ id: null, error: { code: -32600 } });
    expect((await rpc.post([1, 2])).body).toEqual([
      { jsonrpc: '2.0', id: null, error: expect.objectContaining({ code: -32600 }) },
      { jsonrpc: '2.0', id: null, error: expect.objectContaining({ code: -32600 }) },
    ]);
  });

  it('answers -32601 for an unknown method, and -32602 with the zod issues in error.data', async () => {
    expect((await rpc.post(request('agent.fly'))).body).toMatchObject({ id: 1, error: { code: -32601, message: 'Method not found: agent.fly' } });
    const { body } = await rpc.post(request('task.status', { task_id: 7 }, 'a'));
    expect(body.id).toBe('a');
    expect(body.error.code).toBe(-32602);
    expect(body.error.data).toEqual([expect.objectContaining({ path: ['task_id'], code: 'invalid_type' })]);
    expect((await rpc.post(request('agent.status', ['x']))).body.error.code).toBe(-32602);
  });

  it('answers a batch in one array, leaving out its notifications; only notifications get 204 and no body', async () => {
    const { status, body } = await rpc.post([request('env.list_snapshots', {}, 1), { jsonrpc: '2.0', method: 'env.list_snapshots' }, request('nope', {}, 3)]);
    expect(status).toBe(200);
    expect(body).toEqual([
      { jsonrpc: '2.0', id: 1, result: { snapshots: [], total_count: 0 } },
      { jsonrpc: '2.0', id: 3, error: { code: -32601, message: 'Method not found: nope' } },
    ]);
    const quiet = await rpc.post([{ jsonrpc: '2.0', method: 'event.publish', params: { event_type: 'x.y', data: 1 } }, { jsonrpc: '2.0', method: 'nope' }]);
    expect(quiet).toEqual({ status: 204, body: undefined });
    expect(await rpc.post({ jsonrpc: '2.0', method: 'agent.status', params: { agent_id: 'nobody' } })).toEqual({ status: 204, body: undefined });
  });

  it('needs the token (401) and JSON (415), like every route', async () => {
    expect((await rpc.post(request('env.list_snapshots'), { authorization: 'Bearer wrong-token-123' })).status).toBe(401);
    const response = await fetch(`${h.url}/rpc`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'text/plain' }, body: JSON.stringify(request('env.list_snapshots')) });
    expect(response.status).toBe(415);
  });

  it('lets an agent token call only its own methods (-40402 for the rest)', async () => {
    const created = (await (await fetch(`${h.url}/agents/probe/tokens`, { method: 'POST', headers: { authorization: `Bearer ${h.token}` } })).json()) as any;
    const agent = rpcClient(h.url, created.token);
    await expect(agent.call('env.switch', { preset: 'x' })).rejects.toMatchObject({ code: -40402 });
    await expect(agent.call('agent.initialize', { agent_id: 'someone-else', protocol_version: '1.0.0' })).rejects.toMatchObject({ code: -40402 });
    expect(await agent.call('agent.initialize', { agent_id: 'probe', protocol_version: '1.0.0' })).toMatchObject({ agent_id: 'probe', protocol_version: '1.0.0' });
  });
});

describe('WS /rpc', () => {
  it('answers calls, batches and parse errors on the socket', async () => {
    const socket = await rpcSocket(h.url, h.token);
    expect(await socket.call('env.list_snapshots', {})).toEqual({ snapshots: [], total_count: 0 });
    await expect(socket.call('nope')).rejects.toMatchObject({ code: -32601 });
    socket.send('not json');
    expect(await socket.next()).toMatchObject({ id: null, error: { code: -32700 } });
    socket.send([request('nope', {}, 'b1'), request('env.list_snapshots', {}, 'b2')]);
    expect(await socket.next(Array.isArray)).toEqual([
      { jsonrpc: '2.0', id: 'b1', error: { code: -32601, message: 'Method not found: nope' } },
      { jsonrpc: '2.0', id: 'b2', result: { snapshots: [], total_count: 0 } },
    ]);
    await socket.close();
  });

  it('refuses an upgrade without the token (401)', async () => {
    await expect(rpcSocket(h.url, 'wrong-token-123')).rejects.toThrow('401');
  });
});

it('answers -32603 "Internal error" for a method that breaks, without its details', async () => {
  const lines: string[] = [];
  const dispatcher = new RpcDispatcher({
    logger: createLogger({ level: 'error', write: (line) => lines.push(line) }),
    methods: { broken: rpcMethod({ params: z.object({}), handler: () => { throw new Error('secret detail'); } }) },
  });
  const answer = await dispatcher.handleText(JSON.stringify(request('broken', {})), { identity: {}, actor: { kind: 'management', name: 'm' }, transport: 'http' });
  expect(JSON.parse(answer!)).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'Internal error' } });
  expect(lines.join('\n')).toContain('secret detail');
});
