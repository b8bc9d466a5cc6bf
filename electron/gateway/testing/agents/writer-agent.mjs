#!/usr/bin/env node
// A command agent for tests that changes files in its working directory and says so.
import { writeFileSync } from 'node:fs';
const prompt = (process.argv[2] ?? '').split('\n').at(-1);
const say = (event) => process.stdout.write(JSON.stringify(event) + '\n');
writeFileSync('notes.md', `notes for: ${prompt}\n`);
writeFileSync('big.txt', 'x'.repeat(200));
say({ type: 'file_change', path: 'notes.md', change: 'add' });
say({ type: 'file_change', path: 'big.txt', change: 'add' });
say({ type: 'file_change', path: 'gone.txt', change: 'delete' });
// A path outside the task's directory: recorded, never read.
say({ type: 'file_change', path: '/etc/hostname', change: 'modify' });
say({ type: 'result', text: 'wrote notes' });
