#!/usr/bin/env node
// The browser tests drive Debian's Chromium (Playwright cannot download its own here).
// `npm test` calls this first: when Chromium is missing and we are root with apt-get, it
// installs it; otherwise it says exactly what to do and fails, rather than skipping tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!root || !existsSync('/usr/bin/apt-get')) {
  process.stderr.write(`The browser tests need Chromium at ${path}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH.\n`);
  process.exit(1);
}
process.stdout.write('Installing Debian chromium for the browser tests…\n');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
  const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
process.exit(existsSync(path) ? 0 : 1);
