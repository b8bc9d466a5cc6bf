import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../shared/schemas/config.js';
import { createEventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { createLogger } from '../log/logger.js';
import { configSecrets } from './config-secrets.js';
import { ConfigStore } from './config-store.js';

const secretsOf = (document: unknown) => configSecrets(configSchema.parse(document)).map((secret) => secret.value);

describe('configSecrets', () => {
  it('takes the gateway token and every provider key', () => {
    const values = secretsOf({
      server: { token: 'gw-token-123456' },
      providers: [
        { id: 'a', type: 'openai-chat', baseUrl: 'http://x/v1', apiKey: 'sk-aaaa1111' },
        { id: 'b', type: 'anthropic', baseUrl: 'http://x', apiKey: 'sk-ant-bbbb2222' },
      ],
    });
    expect(values).toEqual(['gw-token-123456', 'sk-aaaa1111', 'sk-ant-bbbb2222']);
  });

  it('takes header values whose name or shape says credential, with and without their scheme', () => {
    const values = secretsOf({
      providers: [
        {
          id: 'a',
          type: 'openai-chat',
          baseUrl: 'http://x/v1',
          headers: { Authorization: 'Bearer abcdefgh12345678', 'x-goog-api-key': 'AIzaSyExample1234', 'x-title': 'My App', 'x-org': 'ghp_abcdefghijklmnop' },
          balance: { url: 'http://x/balance', jsonPath: '$.left', headers: { 'x-auth': 'balance-secret-99' } },
        },
      ],
    });
    expect(values).toEqual(['Bearer abcdefgh12345678', 'abcdefgh12345678', 'AIzaSyExample1234', 'ghp_abcdefghijklmnop', 'balance-secret-99']);
  });

  it('takes agent env values that look secret, not ordinary settings', () => {
    const values = secretsOf({
      agents: [
        {
          id: 'c',
          adapter: 'codex',
          env: { OPENAI_API_KEY: 'sk-proj-agentkey1', NODE_ENV: 'production', DEBUG: '1', DEPLOY: 'xoxb-1234567890-abc', GOOGLE_APPLICATION_CREDENTIALS: '/home/me/gcp.json' },
        },
      ],
    });
    expect(values).toEqual(['sk-proj-agentkey1', 'xoxb-1234567890-abc']);
  });
});

describe('the redactor behind the config', () => {
  it('masks the secrets of the config as loaded, and of every config applied after it', () => {
    const logger = createLogger({ write: () => {} });
    const provider = (apiKey: string) => ({ id: 'a', type: 'openai-chat', baseUrl: 'http://x/v1', apiKey });
    const first = { providers: [provider('sk-first-key-1')] };
    const store = new ConfigStore({ config: configSchema.parse(first), document: first }, createEventBus<GatewayEvents>(), logger);
    expect(logger.redact('bad key sk-first-key-1')).toBe('bad key ***');
    expect(logger.redact('bad key sk-second-key-2')).toBe('bad key sk-second-key-2');
    store.replace({ providers: [provider('sk-second-key-2')] });
    expect(logger.redact('bad key sk-second-key-2')).toBe('bad key ***');
  });
});
