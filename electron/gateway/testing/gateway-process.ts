import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { apiOf, type Api } from './task-helpers.js';

const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));

/**
 * `agentmesh gateway` as a child process, for tests that kill a gateway the hard way
 * (SIGKILL) and look at what the next start finds. Resolves once it listens.
 */
export async function startGatewayProcess(options: {
  dataDir: string;
  configPath: string;
  token: string;
  env?: NodeJS.ProcessEnv;
}): Promise<{ child: ChildProcess; url: string; api: Api; stderr: () => string }> {
  const args = [bin, 'gateway', '--config', options.configPath, '--data-dir', options.dataDir, '--port', '0', '--token', options.token];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(options.env ? { env: options.env } : {}) });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`gateway exited ${code}`)));
  });
  return { child, url, api: apiOf({ url, token: options.token }), stderr: () => stderr };
}

/** SIGKILLs a gateway process and waits until it is gone. */
export async function killGatewayProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
