import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { describeShadow, shadowedRoutes } from './shadowed-routes.js';

const shadowed = (...patterns: string[]) => shadowedRoutes(patterns.map((match) => ({ match }))).map((shadow) => [shadow.index, shadow.by]);

describe('shadowed model routes', () => {
  it('finds a route that an earlier, wider one always takes first', () => {
    expect(shadowed('gpt-*', 'gpt-4o')).toEqual([[1, 0]]);
    expect(shadowed('gpt-*', 'gpt-4o*')).toEqual([[1, 0]]);
    expect(shadowed('*', 'claude-*', 'gpt-?o')).toEqual([[1, 0], [2, 0]]);
    expect(shadowed('**', 'openrouter/*')).toEqual([[1, 0]]);
    expect(shadowed('claude-*', 'claude-*')).toEqual([[1, 0]]);
    expect(shadowed('gpt-?o', 'gpt-4o')).toEqual([[1, 0]]);
    // A brace pattern is asked about a plain name through the router's own matcher.
    expect(shadowed('{gpt,o1}-*', 'o1-mini')).toEqual([[1, 0]]);
  });

  it('leaves routes that can still match alone', () => {
    expect(shadowed('gpt-4o', 'gpt-*')).toEqual([]);
    expect(shadowed('gpt-4o*', 'gpt-*')).toEqual([]);
    expect(shadowed('claude-*', 'gpt-*', '*')).toEqual([]);
    // `*` never crosses a "/": an OpenRouter name still reaches the later route.
    expect(shadowed('*', 'openai/*')).toEqual([]);
    expect(shadowed('*', 'openai/gpt-4o')).toEqual([]);
    expect(shadowed('gpt-?', 'gpt-*')).toEqual([]);
  });

  it('agrees with the router on sample names whenever it reports a shadow', () => {
    const patterns = ['*', 'gpt-*', 'gpt-4o*', 'gpt-?o', 'gpt-4o', 'claude-*', '*-mini', 'o1-mini', 'openai/*', '**'];
    const names = ['gpt-4o', 'gpt-4o-mini', 'gpt-5o', 'claude-opus', 'o1-mini', 'openai/gpt-4o', 'x'];
    for (const earlier of patterns) {
      for (const later of patterns) {
        if (!shadowedRoutes([{ match: earlier }, { match: later }]).length) continue;
        for (const name of names) if (picomatch(later, { dot: true })(name)) expect(picomatch(earlier, { dot: true })(name), `${earlier} over ${later} for ${name}`).toBe(true);
      }
    }
  });

  it('says which route shadows which', () => {
    const [shadow] = shadowedRoutes([{ match: 'gpt-*' }, { match: 'gpt-4o' }]);
    expect(describeShadow(shadow!)).toBe('routes.1 ("gpt-4o") can never match: routes.0 ("gpt-*") comes first and matches every model it would');
  });
});
