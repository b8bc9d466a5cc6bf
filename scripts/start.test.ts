import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
// @ts-expect-error plain ESM helper without types
import { findElectronBinary } from './electron-binary.mjs';

const start = fileURLToPath(new URL('./start.mjs', import.meta.url));

it.skipIf(Boolean(findElectronBinary().path))('npm start says Electron is missing in one line and starts the headless gateway', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-start-'));
  const child = spawn(process.execPath, [start, '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^Electron is not available here \(.+\); starting the headless gateway instead\.$/);
  expect((await fetch(`${url}/health`)).status).toBe(200);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
