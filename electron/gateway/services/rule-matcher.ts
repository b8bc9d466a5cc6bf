import type { RuleCondition, ServiceRule } from '../../../shared/schemas/services.js';

/** What a rule can look at: the client's upgrade request. */
export interface ClientRequest {
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  clientIp: string;
}

function fieldValue(field: string, request: ClientRequest): string | undefined {
  if (field === 'client_ip') return request.clientIp;
  if (field.startsWith('header.')) {
    const value = request.headers[field.slice('header.'.length).toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }
  if (field.startsWith('query.')) return request.query.get(field.slice('query.'.length)) ?? undefined;
  return undefined;
}

const listOf = (value: string | string[]) => (Array.isArray(value) ? value : value.split(',').map((item) => item.trim()));
const textOf = (value: string | string[]) => (Array.isArray(value) ? value.join(',') : value);
const patterns = new Map<string, RegExp | null>();

function regexOf(source: string): RegExp | null {
  if (!patterns.has(source)) {
    let pattern: RegExp | null = null;
    try {
      pattern = new RegExp(source);
    } catch {
      // An invalid pattern never matches; the API refuses it when the rule is saved.
    }
    if (patterns.size > 1_000) patterns.clear();
    patterns.set(source, pattern);
  }
  return patterns.get(source)!;
}

/** One condition; a field the request lacks matches only `not_equals`. */
export function conditionMatches(condition: RuleCondition, request: ClientRequest): boolean {
  const actual = fieldValue(condition.field, request);
  if (actual === undefined) return condition.operator === 'not_equals';
  const expected = condition.value;
  switch (condition.operator) {
    case 'equals':
      return actual === textOf(expected);
    case 'not_equals':
      return actual !== textOf(expected);
    case 'contains':
      return actual.includes(textOf(expected));
    case 'prefix':
      return actual.startsWith(textOf(expected));
    case 'regex':
      return regexOf(textOf(expected))?.test(actual) ?? false;
    case 'in':
      return listOf(expected).includes(actual);
  }
}

/** The enabled rule of highest priority whose every condition holds. */
export function matchingRule(rules: readonly ServiceRule[], request: ClientRequest): ServiceRule | undefined {
  return [...rules]
    .filter((rule) => rule.enabled)
    .sort((a, b) => b.priority - a.priority)
    .find((rule) => rule.conditions.every((condition) => conditionMatches(condition, request)));
}

/** Checks a rule's regex values compile, for a clear 400 when it is saved. */
export function invalidRegex(rule: Pick<ServiceRule, 'conditions'>): string | undefined {
  const bad = rule.conditions.find((condition) => condition.operator === 'regex' && regexOf(textOf(condition.value)) === null);
  return bad ? `conditions: invalid regex ${JSON.stringify(bad.value)}` : undefined;
}
