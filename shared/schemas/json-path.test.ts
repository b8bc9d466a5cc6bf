import { describe, expect, it } from 'vitest';
import { asAmount, parseJsonPath, readJsonPath } from './json-path.js';

describe('json path', () => {
  it('reads dotted keys, indices and quoted keys, with or without $', () => {
    const body = { data: { balance_infos: [{ total_balance: '110.00' }], 'odd key': 3 } };
    expect(readJsonPath(body, '$.data.balance_infos[0].total_balance')).toBe('110.00');
    expect(readJsonPath(body, 'data.balance_infos[0].total_balance')).toBe('110.00');
    expect(readJsonPath(body, '$.data["odd key"]')).toBe(3);
    expect(readJsonPath(body, '$.data.missing.deeper')).toBeUndefined();
    expect(readJsonPath(null, '$.a')).toBeUndefined();
  });

  it('refuses anything that evaluates', () => {
    expect(() => parseJsonPath('$.items[?(@.currency=="USD")]')).toThrow(/unsupported JSON path syntax/);
    expect(() => parseJsonPath('$.a.*')).toThrow(/unsupported/);
    expect(() => parseJsonPath('$')).toThrow(/at least one field/);
  });

  it('turns numeric strings into amounts', () => {
    expect(asAmount('88.88')).toBe(88.88);
    expect(asAmount(3)).toBe(3);
    expect(asAmount('n/a')).toBeUndefined();
    expect(asAmount(null)).toBeUndefined();
  });
});
