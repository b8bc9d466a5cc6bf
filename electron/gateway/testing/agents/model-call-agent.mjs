#!/usr/bin/env node
// A command agent that makes model calls through the gateway with its task token, the way a
// routed agent does, so tests can see the calls booked to the task. Argument: how many calls.
const calls = Number(process.argv[2] ?? '1');
const url = `${process.env.AGENTMESH_GATEWAY_URL}/v1/chat/completions`;
const answers = [];
for (let i = 0; i < calls; i++) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.AGENTMESH_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: process.env.AGENT_MODEL ?? 'via-chat', messages: [{ role: 'user', content: `step ${i + 1}` }] }),
  });
  const body = await response.json();
  if (!response.ok) {
    process.stdout.write(JSON.stringify({ type: 'result', text: `model call failed: ${response.status} ${JSON.stringify(body)}`, isError: true }) + '\n');
    process.exit(1);
  }
  answers.push(body.choices[0].message.content);
}
process.stdout.write(JSON.stringify({ type: 'result', text: answers.join(' | ') }) + '\n');
