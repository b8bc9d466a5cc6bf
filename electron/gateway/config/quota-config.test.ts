import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';

const provider = (balance: unknown) => ({ id: 'p', type: 'openai-chat', baseUrl: 'https://api.example.com/v1', balance });
const attempt = (document: Record<string, unknown>) => () => parseConfig(document, {});

describe('quota and budget config', () => {
  it('accepts a preset, a generic fetcher, or false', () => {
    const { config } = parseConfig(
      {
        providers: [provider({ preset: 'deepseek', warnBelow: 5 }), { ...provider({ url: 'https://x.example/bal', jsonPath: '$.data.left', currency: 'EUR', headers: { 'x-key': '${KEY}' } }), id: 'q' }, { ...provider(false), id: 'r' }],
        quota: { warnPercent: 90 },
        budgets: { overall: { daily: { limitUsd: 5 } }, providers: { p: { monthly: { limitUsd: 50, warnAt: 0.9 } } }, agents: { codex: { daily: { limitUsd: 3 } } } },
      },
      { KEY: 'secret' },
    );
    expect(config.providers[0]!.balance).toEqual({ preset: 'deepseek', warnBelow: 5, minBalance: 0 });
    expect(config.providers[1]!.balance).toMatchObject({ url: 'https://x.example/bal', jsonPath: '$.data.left', headers: { 'x-key': 'secret' } });
    expect(config.providers[2]!.balance).toBe(false);
    expect(config.quota).toMatchObject({ warnPercent: 90, skipPercent: 100, cacheSeconds: 60, refreshSeconds: 300, localSubscriptions: true });
    expect(config.budgets.overall!.daily).toEqual({ limitUsd: 5, warnAt: 0.8 });
    expect(config.budgets.timezone).toBe('local');
  });

  it('names the path of a bad balance, in terms of the shape meant', () => {
    expect(attempt({ providers: [provider({ preset: 'nowhere' })] })).toThrow(/providers\.0\.balance\.preset: Invalid option: expected one of "deepseek"\|"openrouter"\|"moonshot"\|"siliconflow"/);
    expect(attempt({ providers: [provider({ url: 'https://x.example/b' })] })).toThrow(/providers\.0\.balance\.jsonPath: /);
    expect(attempt({ providers: [provider({ url: 'https://x.example/b', jsonPath: '$.items[?(@.x)]' })] })).toThrow(/providers\.0\.balance\.jsonPath: unsupported JSON path syntax/);
    expect(attempt({ providers: [provider({ url: 'ftp://x.example/b', jsonPath: '$.a' })] })).toThrow(/providers\.0\.balance\.url: an http\(s\) URL/);
    expect(attempt({ providers: [provider({ amount: 3 })] })).toThrow(/providers\.0\.balance: balance needs `preset` \(deepseek \| openrouter \| moonshot \| siliconflow\) or `url` and `jsonPath`/);
    expect(attempt({ providers: [provider({ preset: 'deepseek', extra: 1 })] })).toThrow(/providers\.0\.balance: Unrecognized key: "extra"/);
  });

  it('names the path of a bad budget or quota setting', () => {
    expect(attempt({ budgets: { providers: { ghost: { daily: { limitUsd: 1 } } } } })).toThrow(/budgets\.providers\.ghost: unknown provider "ghost"/);
    expect(attempt({ budgets: { agents: { a: { daily: { limitUsd: -1 } } } } })).toThrow(/budgets\.agents\.a\.daily\.limitUsd/);
    expect(attempt({ budgets: { overall: { weekly: { limitUsd: 1 } } } })).toThrow(/budgets\.overall: Unrecognized key: "weekly"/);
    expect(attempt({ budgets: { overall: { daily: { limitUsd: 1, warnAt: 1.5 } } } })).toThrow(/budgets\.overall\.daily\.warnAt/);
    expect(attempt({ quota: { warnPercent: 120 } })).toThrow(/quota\.warnPercent/);
  });
});
