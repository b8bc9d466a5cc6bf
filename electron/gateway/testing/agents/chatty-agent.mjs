#!/usr/bin/env node
// A command agent that prints many long lines: a flood of task events for consumers to keep up with.
const [lines = '10', bytes = '1000'] = process.argv.slice(2);
const line = 'x'.repeat(Number(bytes));
for (let i = 0; i < Number(lines); i++) {
  if (!process.stdout.write(`${i} ${line}\n`)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}
process.stdout.write(JSON.stringify({ type: 'result', text: `printed ${lines} lines` }) + '\n');
