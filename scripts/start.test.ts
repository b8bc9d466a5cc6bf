import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper without types
import { findElectronBinary } from './electron-binary.mjs';

const start = fileURLToPath(new URL('./start.mjs', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const headless = !findElectronBinary().path;
const posix = process.platform !== 'win32';
const started: ChildProcess[] = [];
afterEach(() => started.splice(0).forEach((child) => child.kill('SIGKILL')));

/** Resolves with the gateway's URL once the output says it listens. */
function listening(child: ChildProcess): Promise<{ url: string; stdout: string }> {
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve({ url: match[1]!, stdout });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${stdout}`)));
  });
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

async function gatewayGone(url: string, withinMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    try {
      await fetch(`${url}/health`);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

it.skipIf(!headless)('npm start says Electron is missing in one line and starts the headless gateway', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-start-'));
  const child = spawn(process.execPath, [start, '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  const { url, stdout } = await listening(child);
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^Electron is not available here \(.+\); starting the headless gateway instead\.$/);
  expect((await fetch(`${url}/health`)).status).toBe(200);
  const exited = exitOf(child);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(await gatewayGone(url)).toBe(true);
});

it.skipIf(!headless || !posix)('npm start stopped with SIGTERM stops the gateway too (npm signals only the shell it runs us in)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-start-'));
  const npm = spawn('npm', ['start', '--silent', '--', '--port', '0', '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(npm);
  const { url } = await listening(npm);
  npm.kill('SIGTERM');
  expect(await gatewayGone(url)).toBe(true);
});

it.skipIf(!headless)("the launcher exits with the gateway's exit code", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-start-'));
  const bad = ['--port', 'not-a-port', '--data-dir', dataDir];
  const direct = spawnSync(process.execPath, [join(root, 'bin/agentmesh.mjs'), 'gateway', ...bad], { stdio: 'ignore' }).status;
  expect(direct).not.toBe(0);
  const child = spawn(process.execPath, [start, ...bad], { stdio: 'ignore' });
  started.push(child);
  expect(await exitOf(child)).toBe(direct);
});

/** Linux: the pids whose parent is `pid`. */
const childrenOf = (pid: number) =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);

it.skipIf(!headless || process.platform !== 'linux')('a gateway killed by a signal takes the launcher down by the same signal', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-start-'));
  const child = spawn(process.execPath, [start, '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  await listening(child);
  const [gateway] = childrenOf(child.pid!);
  const ended = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  process.kill(gateway!, 'SIGKILL');
  expect(await ended).toBe('SIGKILL');
});
