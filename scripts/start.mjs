#!/usr/bin/env node
// `npm start`: the desktop app when an Electron binary is installed, else the headless
// gateway (same code, same flags), so a machine without Electron still gets a working hub.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const electron = findElectronBinary();

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (electron.path) {
  const build = spawn(process.execPath, [fileURLToPath(new URL('../node_modules/electron-vite/bin/electron-vite.js', import.meta.url)), 'build'], { cwd: root, stdio: 'inherit' });
  build.on('exit', (code) => (code === 0 ? run(electron.path, ['.', ...args]) : process.exit(code ?? 1)));
} else {
  process.stdout.write(`Electron is not available here (${electron.reason}); starting the headless gateway instead.\n`);
  // The headless gateway serves the dashboard from the build; make it once if it is missing.
  if (!existsSync(fileURLToPath(new URL('../out/renderer/index.html', import.meta.url)))) {
    const built = spawnSync(process.execPath, [fileURLToPath(new URL('../node_modules/electron-vite/bin/electron-vite.js', import.meta.url)), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) process.stderr.write('warning: building the dashboard failed; the gateway runs without it\n');
  }
  run(process.execPath, [fileURLToPath(new URL('../bin/agentmesh.mjs', import.meta.url)), 'gateway', ...args]);
}
