import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { killGatewayProcess, startGatewayProcess } from '../testing/gateway-process.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../testing/upstream.js';
import { until } from '../testing/task-helpers.js';

// A new user's config names ${NOT_SET_KEY}, which their shell does not export, and has a
// wide route above a specific one. `agentmesh gateway` must say both plainly.
const token = 'warnings-token-0123456789';
let upstream: ScriptedUpstream;
let dataDir: string;
let gateway: Awaited<ReturnType<typeof startGatewayProcess>>;
const configPath = () => join(dataDir, 'config.yaml');

const config = (extraProviders: object[] = []) => ({
  providers: [
    { id: 'deepseek', type: 'openai-chat', baseUrl: `${upstream.url}/v1`, apiKey: '${NOT_SET_KEY}', models: ['deepseek-chat'] },
    { id: 'local', type: 'openai-chat', baseUrl: `${upstream.url}/v1`, models: ['local-model'] },
    ...extraProviders,
  ],
  routes: [
    { match: 'deepseek-*', to: ['deepseek'] },
    { match: 'deepseek-chat', to: ['local'] },
  ],
});

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-warnings-'));
  writeFileSync(configPath(), stringify(config()));
  const env = { ...process.env };
  delete env.NOT_SET_KEY;
  delete env.ALSO_NOT_SET;
  gateway = await startGatewayProcess({ dataDir, configPath: configPath(), token, env });
});
afterAll(async () => {
  await killGatewayProcess(gateway.child);
  await upstream.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('config warnings', () => {
  it('prints an unset variable and a shadowed route at start, one line each', () => {
    const lines = gateway.stderr().split('\n');
    expect(lines).toContain('warning: providers.0.apiKey uses ${NOT_SET_KEY}, which is not set');
    expect(lines).toContain('warning: routes.1 ("deepseek-chat") can never match: routes.0 ("deepseek-*") comes first and matches every model it would');
  });

  it('fails a model call to that provider naming the missing variable, not "model not found"', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await response.json()) as { error: { message: string } };
    expect(response.status).toBe(503);
    expect(body.error.message).toBe("No provider could serve 'deepseek-chat': deepseek: apiKey uses ${NOT_SET_KEY}, which is not set");
  });

  it('shows it on the provider card (providers.list)', async () => {
    const response = await fetch(`${gateway.url}/api/providers.list`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    const providers = (await response.json()) as { id: string; configWarning: string | null; available: boolean }[];
    expect(providers.find((provider) => provider.id === 'deepseek')).toMatchObject({ available: false, configWarning: 'apiKey uses ${NOT_SET_KEY}, which is not set' });
    expect(providers.find((provider) => provider.id === 'local')).toMatchObject({ available: true, configWarning: null });
  });

  it('says it again when an edit of the file is read', async () => {
    const header = { id: 'router', type: 'openai-chat', baseUrl: `${upstream.url}/v1`, apiKey: 'sk-x', headers: { 'x-team': '${ALSO_NOT_SET}' } };
    writeFileSync(configPath(), stringify(config([header])));
    await until(() => gateway.stderr().includes('warning: providers.2.headers.x-team uses ${ALSO_NOT_SET}, which is not set'), 10_000, 'the reload warning');
    const after = gateway.stderr().split('\n').filter((line) => line === 'warning: providers.0.apiKey uses ${NOT_SET_KEY}, which is not set');
    expect(after).toHaveLength(2);
  });
});
