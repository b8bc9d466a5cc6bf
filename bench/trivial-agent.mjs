#!/usr/bin/env node
// The agent bench:tasks runs 500 times: it reports the moment it started (epoch ms, µs
// precision) and finishes at once, so the figures measure the hub, not the agent.
const started = performance.timeOrigin + performance.now();
process.stdout.write(JSON.stringify({ type: 'message', text: `spawned ${started}` }) + '\n');
process.stdout.write(JSON.stringify({ type: 'result', text: `done ${process.argv[2] ?? ''}` }) + '\n');
