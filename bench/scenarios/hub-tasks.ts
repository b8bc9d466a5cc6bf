import { request, type Dispatcher } from 'undici';
import { summarize, type Summary } from '../stats.js';
import { connectAgent } from '../hub-agents.js';
import type { HubTarget } from './hub-messages.js';

const epochMs = () => performance.timeOrigin + performance.now();

async function submit(target: HubTarget, dispatcher: Dispatcher, agent: string, text: string): Promise<string> {
  const { body } = await request(`${target.url}/tasks`, {
    method: 'POST',
    dispatcher,
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'task', source: 'bench', target: agent, payload: { task: text } }),
  });
  return ((await body.json()) as { task_id: string }).task_id;
}

async function get<T>(target: HubTarget, dispatcher: Dispatcher, path: string): Promise<T> {
  const { body } = await request(`${target.url}${path}`, { dispatcher, headers: { authorization: `Bearer ${target.token}` } });
  return (await body.json()) as T;
}

/** Submit → the task frame reaching a remote agent (which answers at once), one task at a time. */
export async function remoteTaskStart(target: HubTarget, dispatcher: Dispatcher, warmup: number, samples: number): Promise<Summary> {
  const agent = await connectAgent(target.url, target.token, 'bench-remote', 1_000);
  const starts: number[] = [];
  for (let index = 0; index < warmup + samples; index++) {
    let received = 0;
    const done = new Promise<void>((resolve) => {
      agent.onFrame = (data) => {
        const frame = JSON.parse(String(data)) as { type: string; task_id?: string; conversation_id?: string };
        if (frame.type === 'task') {
          received = epochMs();
          agent.ws.send(JSON.stringify({ type: 'result', conversation_id: frame.task_id, success: true, result: 'ok' }));
        } else if (frame.type === 'ack') resolve();
      };
    });
    const asked = epochMs();
    await submit(target, dispatcher, 'bench-remote', `remote ${index}`);
    await done;
    if (index >= warmup) starts.push(received - asked);
  }
  agent.stop();
  return summarize(starts);
}

/** Submit → a `command` agent's process reporting it started (bench/trivial-agent.mjs), one task at a time. */
export async function commandTaskStart(target: HubTarget, dispatcher: Dispatcher, warmup: number, samples: number): Promise<Summary> {
  const starts: number[] = [];
  for (let index = 0; index < warmup + samples; index++) {
    const asked = epochMs();
    const id = await submit(target, dispatcher, 'trivial', `command ${index}`);
    for (;;) {
      const task = await get<{ status: string }>(target, dispatcher, `/tasks/${id}`);
      if (['completed', 'failed'].includes(task.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const { events } = await get<{ events: { body: { kind: string; text?: string } }[] }>(target, dispatcher, `/tasks/${id}/events`);
    const spawned = events.find((event) => event.body.kind === 'message' && event.body.text?.startsWith('spawned '));
    if (index >= warmup && spawned) starts.push(Number(spawned.body.text!.slice(8)) - asked);
  }
  return summarize(starts);
}
