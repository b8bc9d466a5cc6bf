import { z } from 'zod';
import { parseJsonPath } from './json-path.js';

export const balancePresetIds = ['deepseek', 'openrouter', 'moonshot', 'siliconflow'] as const;
export type BalancePresetId = (typeof balancePresetIds)[number];

const jsonPath = z.string().min(1).superRefine((path, ctx) => {
  try {
    parseJsonPath(path);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** Limits shared by every balance source: at or below `minBalance` the provider is out of balance. */
const balanceLimits = {
  minBalance: z.number().default(0),
  /** A `quota.warning` event fires once the balance falls to this amount. */
  warnBelow: z.number().optional(),
};

export const presetBalanceSchema = z.strictObject({
  preset: z.enum(balancePresetIds),
  /** Overrides the preset's currency (e.g. a reseller billing in another one). */
  currency: z.string().min(1).optional(),
  ...balanceLimits,
});

export const genericBalanceSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }),
  /** Where the remaining amount is in the JSON answer, e.g. `$.data.balance`. */
  jsonPath,
  currency: z.string().min(1).optional(),
  /** Sent instead of the provider key (`Authorization: Bearer <apiKey>` when omitted). */
  headers: z.record(z.string(), z.string()).optional(),
  /** A boolean in the answer that says whether calls are allowed (DeepSeek's `is_available`). */
  availablePath: jsonPath.optional(),
  ...balanceLimits,
});

export type PresetBalanceConfig = z.infer<typeof presetBalanceSchema>;
export type GenericBalanceConfig = z.infer<typeof genericBalanceSchema>;
export type BalanceConfig = PresetBalanceConfig | GenericBalanceConfig | false;

const balanceShapeHint = `balance needs \`preset\` (${balancePresetIds.join(' | ')}) or \`url\` and \`jsonPath\`, or false to never fetch one`;

/**
 * A provider's `balance:`. Picked by its keys rather than z.union so that a mistake is
 * reported against the shape the user meant (`providers.0.balance.preset: Invalid option…`),
 * not as an opaque "Invalid input".
 */
export const balanceSchema = z.unknown().transform((value, ctx): BalanceConfig => {
  if (value === false) return false;
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const shape = isObject && 'preset' in value ? presetBalanceSchema : isObject && ('url' in value || 'jsonPath' in value) ? genericBalanceSchema : undefined;
  if (!shape) {
    ctx.addIssue({ code: 'custom', message: balanceShapeHint });
    return z.NEVER;
  }
  const parsed = shape.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});

const budgetLimitSchema = z.strictObject({
  limitUsd: z.number().positive(),
  /** Fraction of the limit at which a `budget.warning` event fires. */
  warnAt: z.number().gt(0).max(1).default(0.8),
});

export const budgetPeriodsSchema = z.strictObject({
  daily: budgetLimitSchema.optional(),
  monthly: budgetLimitSchema.optional(),
});

export const budgetsSchema = z.strictObject({
  overall: budgetPeriodsSchema.optional(),
  /** By provider id; over its limit, the provider is skipped in every chain. */
  providers: z.record(z.string(), budgetPeriodsSchema).default({}),
  /** By agent id; over its limit, the agent's model calls get 402 and its tasks fail. */
  agents: z.record(z.string(), budgetPeriodsSchema).default({}),
  /** Where a day and a month begin: the gateway host's local time, or UTC. */
  timezone: z.enum(['local', 'utc']).default('local'),
});

export const quotaSchema = z.strictObject({
  /** Used percent of a quota or subscription window at which warnings fire (and dispatch prefers others). */
  warnPercent: z.number().min(0).max(100).default(80),
  /** Used percent at which a provider is skipped in chains. */
  skipPercent: z.number().min(0).max(100).default(100),
  /** How long a fetched balance or a read of local usage files is reused. */
  cacheSeconds: z.number().int().min(1).max(86_400).default(60),
  /** Background balance refresh, so routing knows without anyone asking; 0 turns it off. */
  refreshSeconds: z.number().int().min(0).max(86_400).default(300),
  /** Read Codex and Claude Code usage files (CODEX_HOME, CLAUDE_CONFIG_DIR, ~). */
  localSubscriptions: z.boolean().default(true),
  /** Claude Code's 5-hour block limit is not written anywhere locally: give one to get a used percent. */
  claudeCode: z
    .strictObject({
      blockLimitUsd: z.number().positive().optional(),
      blockLimitTokens: z.number().int().positive().optional(),
    })
    .default({}),
});

export type BudgetLimit = z.infer<typeof budgetLimitSchema>;
export type BudgetPeriods = z.infer<typeof budgetPeriodsSchema>;
export type BudgetsConfig = z.infer<typeof budgetsSchema>;
export type QuotaConfig = z.infer<typeof quotaSchema>;
