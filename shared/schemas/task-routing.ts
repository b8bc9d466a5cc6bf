import { z } from 'zod';

/**
 * A task rule (agentmesh 1.x `routing.rules[]`): a task for `gateway` whose text contains one
 * of `keywords` (case-insensitive, any script) goes to `agent`, or to every one of `agents`
 * with `strategy: broadcast`. The highest `priority` wins; equal ones keep file order.
 */
export const taskRuleSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    keywords: z.array(z.string().min(1)).min(1),
    agent: z.string().min(1).optional(),
    agents: z.array(z.string().min(1)).min(1).optional(),
    strategy: z.enum(['direct', 'broadcast']).optional(),
    priority: z.number().default(0),
  })
  .refine((rule) => (ruleStrategy(rule) === 'broadcast' ? Boolean(rule.agents) : Boolean(rule.agent)), {
    message: 'a rule names `agent`, or `agents` with `strategy: broadcast`',
  });

/** `strategy` as written, else broadcast for a rule that lists `agents`. */
export const ruleStrategy = (rule: { strategy?: 'direct' | 'broadcast'; agents?: string[] }) => rule.strategy ?? (rule.agents ? 'broadcast' : 'direct');

export const taskRoutingSchema = z.strictObject({
  /** Where a task no rule matched goes (before any fallback). */
  defaultAgent: z.string().min(1).optional(),
  rules: z.array(taskRuleSchema).default([]),
  /**
   * What happens when neither a rule, the requested capabilities nor `defaultAgent` found an
   * online agent: `broadcast` sends the task to every online agent (as agentmesh 1.x did);
   * `none` refuses it with 422.
   */
  fallback: z.enum(['none', 'broadcast']).default('none'),
});

export type TaskRule = z.infer<typeof taskRuleSchema>;
export type TaskRoutingConfig = z.infer<typeof taskRoutingSchema>;

/** Where a task for `gateway` goes and why: what the route testers (CLI and dashboard) show. */
export interface TaskRouteDecision {
  task: string;
  /** The agents that get the task; empty when nothing could take it. */
  agents: string[];
  strategy: 'direct' | 'broadcast';
  /** Which step decided: a rule, the requested capabilities, the default agent, the broadcast fallback, or none. */
  step: 'rule' | 'capabilities' | 'default' | 'fallback' | 'none';
  /** The winning rule's name. */
  rule: string | null;
  /** One line saying why. */
  reason: string;
  /** Every rule whose keywords the task contains, highest priority first, with what became of it. */
  matches: { rule: string; priority: number; keywords: string[]; outcome: string }[];
}
