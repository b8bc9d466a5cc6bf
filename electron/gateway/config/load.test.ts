import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load.js';

describe('config', () => {
  it('interpolates ${VAR} and ${VAR:-default} and reports unset variables', () => {
    const { config, missingEnv, unsetEnv } = parseConfig(
      {
        server: { token: '${TOKEN}' },
        providers: [
          { id: 'a', type: 'openai-chat', baseUrl: '${BASE:-http://127.0.0.1:9}/v1', apiKey: '${A_KEY}', models: ['m'] },
          { id: 'b', type: 'anthropic', baseUrl: 'http://127.0.0.1:8', apiKey: '${MISSING_KEY}' },
        ],
      },
      { TOKEN: 'abc"quoted', A_KEY: 'sk-1' },
    );
    expect(config.server.token).toBe('abc"quoted');
    expect(config.providers[0]).toMatchObject({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-1' });
    expect(config.providers[1]!.apiKey).toBe('');
    expect(missingEnv).toEqual(['MISSING_KEY']);
    expect(unsetEnv).toEqual([{ path: 'providers.1.apiKey', variable: 'MISSING_KEY' }]);
  });

  it('names the path of every bad field', () => {
    const attempt = () =>
      parseConfig({
        providers: [{ id: 'a', type: 'openai-chat', baseUrl: 'not a url' }],
        routes: [{ match: '*', to: ['a', 'ghost:model'] }],
        surprise: true,
      }, {});
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/providers\.0\.baseUrl/);
    expect(attempt).toThrow(/routes\.0\.to\.1: unknown provider "ghost"/);
    expect(attempt).toThrow(/surprise/);
  });

  it('refuses duplicate provider ids', () => {
    const provider = { id: 'same', type: 'openai-chat', baseUrl: 'http://127.0.0.1:1' };
    expect(() => parseConfig({ providers: [provider, provider] }, {})).toThrow(/providers\.1\.id: duplicate/);
  });
});
