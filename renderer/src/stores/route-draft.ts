import type { RouteConfig } from '@shared/contract';

/** Pure edits of the rule list; the routes store applies them to its draft. */
export const moveItem = <T>(items: readonly T[], index: number, delta: -1 | 1): T[] => {
  const target = index + delta;
  if (index < 0 || target < 0 || index >= items.length || target >= items.length) return [...items];
  const next = [...items];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
};

export const updateRule = (rules: readonly RouteConfig[], index: number, change: (rule: RouteConfig) => RouteConfig) =>
  rules.map((rule, i) => (i === index ? change(rule) : rule));

/** What is wrong with one rule, said the way the form shows it; null when it can be saved. */
export function ruleProblem(rule: RouteConfig): string | null {
  if (!rule.match.trim()) return 'Give the rule a model pattern, such as gpt-4o* or *';
  if (!rule.to.length) return 'Add at least one target';
  const duplicate = rule.to.find((target, index) => rule.to.indexOf(target) !== index);
  return duplicate ? `"${duplicate}" appears twice in the chain` : null;
}

export const sameRoutes = (a: readonly RouteConfig[], b: readonly RouteConfig[]) => JSON.stringify(a) === JSON.stringify(b);
