#!/usr/bin/env node
// A command agent that parses its arguments the way most CLIs do: a leading "-" is an
// option (it knows none, so it fails), "--" ends the options. It answers with its operand.
const operands = [];
let optionsEnded = false;
for (const arg of process.argv.slice(2)) {
  if (!optionsEnded && arg === '--') optionsEnded = true;
  else if (!optionsEnded && arg.startsWith('-')) {
    process.stderr.write(`argv-agent: unknown option ${arg}\n`);
    process.exit(2);
  } else operands.push(arg);
}
process.stdout.write(JSON.stringify({ type: 'result', text: `prompt: ${operands.join(' ')}` }) + '\n');
