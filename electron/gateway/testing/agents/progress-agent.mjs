#!/usr/bin/env node
// A command agent a test steps through: it waits for marker files (`<prefix>.<step>`), so a
// test can look at each stage of a running task without sleeping. Like Codex, it first says
// on stderr that it reads its prompt.
import { existsSync } from 'node:fs';

const [prompt = '', prefix] = process.argv.slice(2);
const say = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const step = (name) =>
  new Promise((resolve) => {
    const check = () => (existsSync(`${prefix}.${name}`) ? resolve() : setTimeout(check, 50));
    check();
  });

process.stderr.write('Reading prompt from stdin...\n');
say({ type: 'message', text: `Looking into: ${prompt}` });
await step('run-command');
say({ type: 'command', command: 'npm test', status: 'started' });
await step('command-done');
say({ type: 'command', command: 'npm test', status: 'completed', exitCode: 0, output: '12 passed' });
await step('finish');
say({ type: 'result', text: `finished: ${prompt}` });
