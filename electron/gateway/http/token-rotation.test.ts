import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { createGateway, type Gateway } from '../server.js';
import { rawRequest } from '../testing/raw-http.js';

// The token's digest is computed once per token: a rotation must still take effect at once.
let gateway: Gateway;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-rotate-'));
  gateway = createGateway({ config: {}, port: 0, dataDir, logger: createLogger({ level: 'error' }) });
  await gateway.start();
});
afterAll(async () => {
  await gateway.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const models = (token: string) => rawRequest(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });

it('refuses the old generated token and accepts the new one as soon as it is rotated', async () => {
  const old = gateway.token;
  expect((await models(old)).status).toBe(200);
  const rotated = await rawRequest(`${gateway.url}/api/settings.rotateToken`, {
    method: 'POST',
    headers: { authorization: `Bearer ${old}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const fresh = rotated.json().token as string;
  expect(fresh).not.toBe(old);
  expect((await models(old)).status).toBe(401);
  expect((await models(fresh)).status).toBe(200);
});
