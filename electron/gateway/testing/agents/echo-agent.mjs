#!/usr/bin/env node
// A tiny command agent for tests: narrates, reports a file change, and answers with its prompt.
const prompt = process.argv[2] ?? (await readStdin());
const say = (event) => process.stdout.write(JSON.stringify(event) + '\n');
process.stdout.write(`working on: ${prompt.split('\n').at(-1)}\n`);
say({ type: 'file_change', path: 'notes.md', change: 'add' });
say({ type: 'usage', inputTokens: 10, outputTokens: 5 });
say({ type: 'result', text: `done: ${prompt}` });

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.trim();
}
