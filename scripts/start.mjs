#!/usr/bin/env node
// `npm start`: the desktop app when an Electron binary is installed, else the headless
// gateway (same code, same flags), so a machine without Electron still gets a working hub.
//
// Whatever runs (a build, the app, the gateway) is stopped with us: SIGINT and SIGTERM are
// passed on to it and we exit when it does, with its exit code. npm runs this script under
// `sh -c` and a SIGTERM to npm ends only that shell, so losing our parent counts as SIGTERM.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const electronVite = fileURLToPath(new URL('../node_modules/electron-vite/bin/electron-vite.js', import.meta.url));
const signals = ['SIGINT', 'SIGTERM'];

let current;
let stopSignal;
function stop(signal) {
  stopSignal ??= signal;
  current?.kill(signal);
}
for (const signal of signals) process.on(signal, () => stop(signal));

const parent = process.ppid;
const parentAlive = () => {
  try {
    process.kill(parent, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};
setInterval(() => {
  // POSIX hands an orphan to init (ppid changes); Windows keeps the dead parent's id.
  if (process.ppid !== parent || !parentAlive()) stop('SIGTERM');
}, 500).unref();

/** Runs one step to its end: resolves with how it ended. */
function step(command, commandArgs, stdio) {
  return new Promise((resolve) => {
    current = spawn(command, commandArgs, { cwd: root, stdio });
    current.once('error', (error) => resolve({ code: 1, signal: null, error }));
    current.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Ends this process the way the step ended: its exit code, or death by the same signal. */
function exitLike({ code, signal, error }) {
  if (error) process.stderr.write(`${error.message}\n`);
  if (code !== null) process.exit(code);
  for (const name of signals) process.removeAllListeners(name);
  process.kill(process.pid, signal);
  process.exit(128 + (constants.signals[signal] ?? 1));
}

const electron = findElectronBinary();
if (electron.path) {
  const build = await step(process.execPath, [electronVite, 'build'], 'inherit');
  if (build.code !== 0 || stopSignal) exitLike(build);
  exitLike(await step(electron.path, ['.', ...args], 'inherit'));
} else {
  process.stdout.write(`Electron is not available here (${electron.reason}); starting the headless gateway instead.\n`);
  // The headless gateway serves the dashboard from the build; make it once if it is missing.
  if (!existsSync(fileURLToPath(new URL('../out/renderer/index.html', import.meta.url)))) {
    const built = await step(process.execPath, [electronVite, 'build'], ['ignore', 'ignore', 'inherit']);
    if (stopSignal) exitLike(built);
    if (built.code !== 0) process.stderr.write('warning: building the dashboard failed; the gateway runs without it\n');
  }
  exitLike(await step(process.execPath, [fileURLToPath(new URL('../bin/agentmesh.mjs', import.meta.url)), 'gateway', ...args], 'inherit'));
}
