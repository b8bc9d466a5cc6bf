#!/usr/bin/env node
// A command agent that prints its whole environment, one NAME=value message per variable,
// so tests can see exactly what a task (and its log) gets to read.
for (const [name, value] of Object.entries(process.env).sort()) process.stdout.write(`${name}=${value}\n`);
process.stdout.write(JSON.stringify({ type: 'result', text: 'printed the environment' }) + '\n');
