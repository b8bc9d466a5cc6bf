import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHubGateway, type HubGateway } from '../../electron/gateway/testing/hub-gateway.js';

// `agentmesh/client` as a consumer gets it: a project whose node_modules/agentmesh is this
// package, importing the built module by its package name and type-checking against it.
const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
let g: HubGateway;
let project: string;

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, 'scripts/build-client.mjs')], { cwd: root });
  project = mkdtempSync(join(tmpdir(), 'agentmesh-consumer-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(root, join(project, 'node_modules', 'agentmesh'), 'dir');
  symlinkSync(join(root, 'node_modules', '@types'), join(project, 'node_modules', '@types'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
  g = await startHubGateway();
}, 60_000);
afterAll(async () => {
  await g?.close();
  rmSync(project, { recursive: true, force: true });
});

it('imports GatewayClient from agentmesh/client and connects with it', async () => {
  writeFileSync(
    join(project, 'agent.mjs'),
    `import { GatewayClient, GatewayError } from 'agentmesh/client';
const client = new GatewayClient({ gatewayUrl: process.env.GATEWAY, agentId: 'consumer-agent', token: process.env.TOKEN });
const connected = await client.connect();
await client.close();
console.log(JSON.stringify({ agent: connected.agent_id, errorClass: typeof GatewayError }));`,
  );
  const { stdout } = await run(process.execPath, ['agent.mjs'], { cwd: project, env: { ...process.env, GATEWAY: g.url.replace('http', 'ws'), TOKEN: g.token } });
  expect(JSON.parse(stdout)).toEqual({ agent: 'consumer-agent', errorClass: 'function' });
});

it('ships type declarations that a TypeScript consumer checks against', async () => {
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: ['node'] }, files: ['agent.ts'] }),
  );
  writeFileSync(
    join(project, 'agent.ts'),
    `import { GatewayClient, type IncomingTask } from 'agentmesh/client';
const client = new GatewayClient({ gatewayUrl: 'ws://127.0.0.1:3000', agentId: 'typed', capabilities: ['search'], autoReconnect: true, reconnectInterval: 5 });
client.onTask((task: IncomingTask, { progress }) => {
  progress({ percent: 10 });
  return task.prompt.length;
});
// @ts-expect-error agentId is required
new GatewayClient({ gatewayUrl: 'ws://127.0.0.1:3000' });
`,
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const checked = await run(process.execPath, [tsc, '-p', project], { cwd: project }).then(
    () => 'ok',
    (error: { stdout: string }) => error.stdout,
  );
  expect(checked).toBe('ok');
}, 180_000);
