#!/usr/bin/env node
// An agent that prices its own work, as Claude Code does (`total_cost_usd`): it reports
// 400 input and 20 output tokens costing $0.00046. Routed through the gateway, it first makes
// one model call there with its task token, so the task has the gateway's figures as well.
const say = (event) => process.stdout.write(JSON.stringify(event) + '\n');
if (process.env.AGENTMESH_GATEWAY_URL) {
  const response = await fetch(`${process.env.AGENTMESH_GATEWAY_URL}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.AGENTMESH_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'via-chat', messages: [{ role: 'user', content: 'one step' }] }),
  });
  if (!response.ok) {
    say({ type: 'result', text: `model call failed: ${response.status}`, isError: true });
    process.exit(1);
  }
}
say({ type: 'usage', inputTokens: 400, outputTokens: 20, costUsd: 0.00046 });
say({ type: 'result', text: `priced: ${process.argv[2] ?? ''}` });
