import picomatch from 'picomatch/posix.js';

/** A model route that can never match: an earlier one matches every model it would. */
export interface RouteShadow {
  index: number;
  match: string;
  /** The earlier route that takes its models. */
  by: number;
  byMatch: string;
}

// The router's options (models/routing/router.ts): `*` and `?` never cross a "/".
const options = { dot: true } as const;

/** A glob the subset test understands: literal characters, `?`, `*`, or a pattern that is exactly `**`. */
type Token = { kind: 'char'; char: string } | { kind: 'one' } | { kind: 'star' } | { kind: 'any' };

function tokens(pattern: string): Token[] | null {
  if (pattern === '**') return [{ kind: 'any' }];
  // Braces, classes, extglobs, negation, escapes and partial globstars are beyond this test.
  if (/[{}[\]()!+@\\]/.test(pattern) || pattern.includes('**')) return null;
  return [...pattern].map((char): Token => (char === '*' ? { kind: 'star' } : char === '?' ? { kind: 'one' } : { kind: 'char', char }));
}

/**
 * True when every name `later` matches is also matched by `earlier`, judged symbol by symbol:
 * a wildcard of `earlier` must cover each symbol of `later`. Sound (never claims a subset that
 * is not one); a rare equal pair such as `?*` and `*?` goes unnoticed, which only costs a warning.
 */
function covers(earlier: Token[], later: Token[]): boolean {
  const memo = new Map<number, boolean>();
  const walk = (q: number, p: number): boolean => {
    const key = q * (later.length + 1) + p;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    const token = earlier[q];
    const symbol = later[p];
    if (!token) result = !symbol;
    else if (token.kind === 'any') result = true;
    else if (token.kind === 'star') {
      // Zero symbols, or one more that a `*` can stand for (anything but a "/" or a globstar).
      const spans = symbol !== undefined && symbol.kind !== 'any' && !(symbol.kind === 'char' && symbol.char === '/');
      result = walk(q + 1, p) || (spans && walk(q, p + 1));
    } else if (!symbol) result = false;
    else if (token.kind === 'one') result = (symbol.kind === 'one' || (symbol.kind === 'char' && symbol.char !== '/')) && walk(q + 1, p + 1);
    else result = symbol.kind === 'char' && symbol.char === token.char && walk(q + 1, p + 1);
    memo.set(key, result);
    return result;
  };
  return walk(0, 0);
}

function shadows(earlier: string, later: string): boolean {
  if (earlier === later) return true;
  // A plain name is matched or not: ask the router's own matcher.
  if (!picomatch.scan(later).isGlob) return picomatch(earlier, options)(later);
  const earlierTokens = tokens(earlier);
  const laterTokens = tokens(later);
  return Boolean(earlierTokens && laterTokens && covers(earlierTokens, laterTokens));
}

/** Routes that the first-match rule never reaches, each with the first earlier route that takes its models. */
export function shadowedRoutes(routes: readonly { match: string }[]): RouteShadow[] {
  const found: RouteShadow[] = [];
  routes.forEach((route, index) => {
    if (!route.match.trim()) return;
    const by = routes.slice(0, index).findIndex((earlier) => earlier.match.trim() !== '' && shadows(earlier.match, route.match));
    if (by !== -1) found.push({ index, match: route.match, by, byMatch: routes[by]!.match });
  });
  return found;
}

/** `routes.1 ("gpt-4o") can never match: routes.0 ("gpt-*") comes first and matches every model it would` */
export const describeShadow = (shadow: RouteShadow): string =>
  `routes.${shadow.index} ("${shadow.match}") can never match: routes.${shadow.by} ("${shadow.byMatch}") comes first and matches every model it would`;
