import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { startHttpAgent, type HttpAgent } from '../testing/http-agent.js';
import { freePort } from '../testing/ports.js';
import { apiOf, taskMessage, until, waitForTask, type Api } from '../testing/task-helpers.js';

let h: Harness;
let api: Api;
let agent: HttpAgent;
let closed: string;

beforeAll(async () => {
  agent = await startHttpAgent();
  closed = `http://127.0.0.1:${await freePort()}/agent`;
  h = await startHarness({
    config: () => ({
      agents: [
        { id: 'remote', adapter: 'http', endpoint: agent.url, headers: { authorization: 'Bearer agent-secret-0123456789' }, capabilities: ['remote'] },
        { id: 'gone', adapter: 'http', endpoint: closed },
      ],
    }),
  });
  api = apiOf(h);
});
afterAll(async () => {
  await h.close();
  await agent.close();
});

const run = async (text: string, target = 'remote', options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => {
  const res = await api('POST', '/tasks', taskMessage(text, target, options, extra));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.task_id as string;
};

describe('http agents', () => {
  it('are online when their endpoint answers, offline with the reason when it does not', async () => {
    const { body } = await api('GET', '/agents');
    const byId = Object.fromEntries(body.map((entry: any) => [entry.id, entry]));
    expect(byId.remote).toMatchObject({ type: 'http', status: 'online', endpoint: agent.url });
    expect(byId.gone).toMatchObject({ status: 'offline', detectError: expect.stringMatching(/cannot be reached \(ECONNREFUSED\)/) });
  });

  it('get the task POSTed as an AgentMessage, and its JSON result becomes the task result', async () => {
    const space = (await api('POST', '/spaces', { metadata: { name: 'remote work' } })).body.space_id;
    await waitForTask(api, await run('first note', 'remote', {}, { context: { shared_space_id: space } }));
    const id = await run('write a sorting function', 'remote', { timeout: 30 }, { context: { shared_space_id: space } });
    const task = await waitForTask(api, id);
    expect(task).toMatchObject({ status: 'completed', result: 'echo: write a sorting function (after 3 messages)', assigned_agents: ['remote'] });
    const sent = agent.received.at(-1)!;
    expect(sent).toMatchObject({ id, type: 'request', target: 'remote', payload: { task: 'write a sorting function', context: { shared_space_id: space }, options: { timeout: 30 } } });
    expect(sent.timestamp).toEqual(expect.any(Number));
    expect(sent.headers).toMatchObject({ authorization: 'Bearer agent-secret-0123456789', 'x-agentmesh-task-id': id });
  });

  it('stream an SSE reply: parts become message events, stream_end the result', async () => {
    const task = await waitForTask(api, await run('stream it'));
    expect(task).toMatchObject({ status: 'completed', result: 'one two three' });
    const events = (await api('GET', `/tasks/${task.id}/events`)).body.events.map((event: any) => event.body);
    expect(events.filter((event: any) => event.kind === 'message').map((event: any) => event.text)).toEqual(['one ', 'two ', 'three']);
    expect(events).toContainEqual({ kind: 'file_change', path: 'out.txt', change: 'add' });
  });

  it('fail the task with the error the agent answers, or its HTTP status', async () => {
    const refused = await waitForTask(api, await run('fail to comply'));
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'EXECUTION_ERROR', message: 'EXECUTION_ERROR: cannot to comply' } });
    const crashed = await waitForTask(api, await run('crash'));
    expect(crashed.status).toBe('failed');
    expect(crashed.error.message).toMatch(/answered HTTP 500: \{"oops":"internal"\}/);
    const unreachable = await waitForTask(api, await run('anything', 'gone'));
    expect(unreachable.error.message).toBe(`the request to ${closed} failed: ECONNREFUSED`);
  });

  it('abort the request on cancel, and on the task timeout', async () => {
    const id = await run('hang');
    await until(() => agent.received.some((message) => message.id === id), 5_000, 'the agent got the task');
    expect((await api('POST', `/tasks/${id}/cancel`)).status).toBe(200);
    expect((await waitForTask(api, id)).status).toBe('cancelled');
    await until(() => agent.aborted.length === 1, 5_000, 'the request aborted at the agent');

    const timed = await waitForTask(api, await run('hang', 'remote', { timeout: 1 }));
    expect(timed).toMatchObject({ status: 'timeout', error: { code: 'TASK_TIMEOUT', message: expect.stringMatching(/timed out after 1s/) } });
    await until(() => agent.aborted.length === 2, 5_000, 'the timed-out request aborted at the agent');
  });

  it('register over POST /agents as type http, or as the 1.x docs\' process agent with only an endpoint', async () => {
    const http = await api('POST', '/agents', { id: 'api-http', name: 'Via API', type: 'http', capabilities: ['code-generation'], endpoint: agent.url });
    expect(http.status).toBe(201);
    expect(http.body).toMatchObject({ id: 'api-http', status: 'registered', agent: { type: 'http', endpoint: agent.url } });
    const docs = await api('POST', '/agents', { id: 'my-agent', name: 'My Custom Agent', type: 'process', capabilities: ['code-generation'], endpoint: agent.url });
    expect(docs.body.agent).toMatchObject({ type: 'http', endpoint: agent.url });
    expect((await api('POST', '/agents', { id: 'no-url', type: 'http' })).body.error.message).toMatch(/endpoint: an http agent needs `endpoint`/);
    const task = await waitForTask(api, await run('via api', 'my-agent'));
    expect(task.result).toBe('echo: via api');
  });

  it('never show their headers\' secrets in a task log', async () => {
    const task = await waitForTask(api, await run('fail with Bearer agent-secret-0123456789'));
    expect(task.error.message).toBe('EXECUTION_ERROR: cannot with ***');
    const events = JSON.stringify((await api('GET', `/tasks/${task.id}/events`)).body.events);
    expect(events).toContain('***');
    expect(events).not.toContain('agent-secret-0123456789');
  });
});
