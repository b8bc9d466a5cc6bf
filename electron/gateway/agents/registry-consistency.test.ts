import { describe, expect, it } from 'vitest';
import { adapterIds } from '../../../shared/schemas/agent.js';
import { adapterFor, adapters } from './adapters/index.js';

describe('adapter registry', () => {
  it.each(adapterIds)('has an entry for %s whose id is its key', (id) => {
    expect(adapters[id].id).toBe(id);
    expect(adapterFor(id)).toBe(adapters[id]);
  });

  it('holds nothing the config schema does not know', () => {
    expect(Object.keys(adapters).sort()).toEqual([...adapterIds].sort());
  });

  it('refuses an unknown id with a clear error', () => {
    expect(() => adapterFor('nope')).toThrow(/Unknown agent adapter 'nope'.*claude-code/);
    // Not fooled by what every object inherits.
    expect(() => adapterFor('toString')).toThrow(/Unknown agent adapter/);
    expect(() => adapterFor('__proto__')).toThrow(/Unknown agent adapter/);
  });
});
