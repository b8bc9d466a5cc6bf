#!/usr/bin/env node
// `npm start`: the desktop app when an Electron binary is installed, else the headless
// gateway (same code, same flags), so a machine without Electron still gets a working hub.
import { spawn } from 'node:child_process';
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
  run(process.execPath, [fileURLToPath(new URL('../bin/agentmesh.mjs', import.meta.url)), 'gateway', ...args]);
}
