import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseConfigText } from './load.js';

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

describe('config file errors', () => {
  const failure = (text: string) => {
    try {
      parseConfigText(text, 'config.yaml', {});
    } catch (error) {
      return error as ConfigError;
    }
    throw new Error('expected the text to be refused');
  };

  it('show the offending YAML line with a caret under the column', () => {
    const error = failure('providers:\n  - id: x\n    type: openai-chat\n   baseUrl: http://a\n');
    expect(error.message).toBe('invalid YAML in config.yaml at line 4, column 1: Sequence item without - indicator');
    expect(error.line).toBe(4);
    expect(error.snippet).toBe(['  3 |     type: openai-chat', '> 4 |    baseUrl: http://a', '    | ^'].join('\n'));
  });

  it('put the caret mid-line, and show the last written line when the fault is past it', () => {
    expect(failure('server: { port: 3000 }\na: b: c\n').snippet).toBe(['  1 | server: { port: 3000 }', '> 2 | a: b: c', '    |    ^'].join('\n'));
    expect(failure('server: { port: 3000\n').snippet).toBe(['  1 | server: { port: 3000', '> 2 | ', '    | ^'].join('\n'));
  });

  it('point at the key of a field the schema refuses', () => {
    const error = failure('server:\n  port: 3000\nproviders:\n  - id: x\n    type: carrier-pigeon\n    baseUrl: http://127.0.0.1:1\n');
    expect(error.message).toMatch(/providers\.0\.type/);
    expect(error.snippet).toBe(['  4 |   - id: x', '> 5 |     type: carrier-pigeon', '    |           ^'].join('\n'));
  });
});
