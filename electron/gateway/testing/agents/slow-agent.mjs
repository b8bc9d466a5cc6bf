#!/usr/bin/env node
// A command agent that works for a while and starts a grandchild that ignores SIGTERM, so
// tests can see that cancel and timeout take down the whole process tree.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [prompt = '', seconds = '30', pidFile] = process.argv.slice(2);
const grandchild = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
if (pidFile) writeFileSync(pidFile, String(grandchild.pid));
process.stdout.write(`started: ${prompt}\n`);
setTimeout(() => {
  process.stdout.write(JSON.stringify({ type: 'result', text: `finished: ${prompt}` }) + '\n');
  grandchild.kill('SIGKILL');
  process.exit(0);
}, Number(seconds) * 1000);
