import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, taskMessage, waitForTask, type Api } from '../testing/task-helpers.js';

// An agent that prints a secret from its configured env: what reaches SQLite, the API and
// the event bus carries *** instead.
const SECRET = 'dtok-9f8e7d6c5b4a3210';
const script = `console.log('deploying with ' + process.env.DEPLOY_TOKEN); console.error('auth failed for ' + process.env.DEPLOY_TOKEN); process.exit(3)`;

let h: Harness;
let api: Api;

beforeAll(async () => {
  h = await startHarness({
    config: () => ({
      agents: [
        { id: 'leaky', adapter: 'command', path: process.execPath, args: ['-e', script], env: { DEPLOY_TOKEN: SECRET } },
        { id: 'chatty', adapter: 'command', path: process.execPath, args: ['-e', `console.log('the token is ' + process.env.DEPLOY_TOKEN)`], env: { DEPLOY_TOKEN: SECRET } },
      ],
    }),
  });
  api = apiOf(h);
});
afterAll(() => h.close());

it('an agent printing a secret env value -> task events, result and error are stored and served with *** instead', async () => {
  const seen: string[] = [];
  const off = h.gateway.services.bus.on('task.event', (event) => seen.push(JSON.stringify(event)));
  const { body } = await api('POST', '/tasks', taskMessage('deploy', 'leaky'));
  const task = await waitForTask(api, body.task_id);
  off();
  const events = (await api('GET', `/tasks/${body.task_id}/events`)).body.events;
  const stored = h.gateway.services.db.prepare('SELECT body FROM task_events WHERE task_id = ?').all(body.task_id);
  const row = h.gateway.services.db.prepare('SELECT result, error FROM tasks WHERE id = ?').get(body.task_id);
  const everything = JSON.stringify([task, events, stored, row, seen]);
  expect(everything).toContain('deploying with ***');
  expect(everything).not.toContain(SECRET);
});

it('an agent answering with a secret in a shared space -> the space history keeps *** instead', async () => {
  const space = (await api('POST', '/spaces', { metadata: {} })).body.space_id as string;
  const { body } = await api('POST', '/tasks', taskMessage('tell me', 'chatty', {}, { context: { shared_space_id: space } }));
  const task = await waitForTask(api, body.task_id);
  expect(task.status).toBe('completed');
  const rows = h.gateway.services.db.prepare('SELECT content FROM space_messages WHERE space_id = ?').all(space);
  expect(JSON.stringify(rows)).toContain('the token is ***');
  expect(JSON.stringify([rows, task])).not.toContain(SECRET);
});
