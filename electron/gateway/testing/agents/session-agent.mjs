#!/usr/bin/env node
// A command agent with a session of its own, for interrupt and resume: it names its session,
// then works until a signal comes (SIGINT: it notes it in `<prompt>.sigint` and exits 130). A
// run given AGENTMESH_RESUME_SESSION_ID continues that session and finishes at once. With
// "deaf" in the prompt it ignores SIGINT and SIGTERM, as a wedged CLI would.
import { writeFileSync } from 'node:fs';

const prompt = (process.argv[2] ?? '').split('\n').at(-1) ?? '';
const say = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const resumed = process.env.AGENTMESH_RESUME_SESSION_ID;
say({ type: 'session', id: resumed ?? `sess-${process.pid}` });
if (resumed) {
  say({ type: 'result', text: `continued ${resumed}` });
  process.exit(0);
}
if (prompt.includes('deaf')) {
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
} else {
  process.on('SIGINT', () => {
    if (prompt.startsWith('/')) writeFileSync(`${prompt.split(' ')[0]}.sigint`, 'SIGINT');
    process.exit(130);
  });
}
say({ type: 'message', text: `working on ${prompt}` });
setInterval(() => {}, 1_000);
