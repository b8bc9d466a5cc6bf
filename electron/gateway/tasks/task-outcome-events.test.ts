import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, scriptAgent, taskMessage, until, waitForTask, type Api } from '../testing/task-helpers.js';

// What a task's activity log says about how it ended: a cancel or a silent failure leaves no
// empty "result" row behind (the dashboard drew one as an empty red box, the CLI a bare ✗).
let h: Harness;
let api: Api;

beforeAll(async () => {
  h = await startHarness({
    config: () => ({
      agents: [
        scriptAgent('echo', 'echo-agent'),
        scriptAgent('slow', 'slow-agent', {}, ['{prompt}', '30']),
        { id: 'silent', adapter: 'command', path: process.execPath, args: ['-e', 'process.exit(2)'] },
      ],
    }),
  });
  api = apiOf(h);
});
afterAll(() => h.close());

const submit = async (task: string, target: string) => {
  const res = await api('POST', '/tasks', taskMessage(task, target));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.task_id as string;
};
const bodies = async (id: string) => (await api('GET', `/tasks/${id}/events`)).body.events.map((event: any) => event.body);

describe('the end of a task in its activity log', () => {
  it('a cancelled task ends with its cancelled status, not an error result', async () => {
    const id = await submit('a long job', 'slow');
    await until(async () => (await bodies(id)).some((body: any) => body.kind === 'message'), 10_000, 'the agent to start talking');
    expect((await api('POST', `/tasks/${id}/cancel`)).status).toBe(200);
    const task = await waitForTask(api, id);
    expect(task.status).toBe('cancelled');
    const events = await bodies(id);
    expect(events.filter((body: any) => body.kind === 'result')).toEqual([]);
    expect(events.at(-1)).toMatchObject({ kind: 'status', status: 'cancelled' });
  });

  it('an agent that fails without a word leaves no empty result row, and the task says why it failed', async () => {
    const task = await waitForTask(api, await submit('anything', 'silent'));
    expect(task).toMatchObject({ status: 'failed', error: { message: 'the agent exited with code 2' } });
    const events = await bodies(task.id);
    expect(events.filter((body: any) => body.kind === 'result')).toEqual([]);
    expect(events.at(-1)).toMatchObject({ kind: 'status', status: 'failed', message: 'the agent exited with code 2' });
  });

  it('a completed task keeps its one result', async () => {
    const task = await waitForTask(api, await submit('say hi', 'echo'));
    expect(task.status).toBe('completed');
    expect((await bodies(task.id)).filter((body: any) => body.kind === 'result')).toEqual([{ kind: 'result', text: 'done: say hi' }]);
  });
});
