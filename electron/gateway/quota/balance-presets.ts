import type { BalancePresetId } from '../../../shared/schemas/quota.js';

/**
 * One way of reading a balance: a GET of `path` (resolved against the provider's base URL
 * origin, with the provider key as a bearer token) and JSON paths into the answer.
 */
export interface BalanceSource {
  path: string;
  /** The remaining amount, or the total when `minus` is given. */
  balance: string;
  /** Subtracted from `balance` (OpenRouter credits: total_credits - total_usage). */
  minus?: string;
  /** The currency, when the answer names it (DeepSeek's balance_infos). */
  currencyPath?: string;
  /** A boolean: may the account make calls (DeepSeek's is_available). */
  availablePath?: string;
  /** used / limit * 100 is the used percent, when both are numbers. */
  usedPath?: string;
  limitPath?: string;
  /** What a null balance means for this source (an OpenRouter key without a credit limit). */
  whenNull?: string;
}

export interface BalancePreset {
  id: BalancePresetId;
  label: string;
  /** Base URL hosts that pick this preset without configuration. */
  hosts: string[];
  currency: string;
  currencyByHost?: Record<string, string>;
  /** Tried in order; the first that answers 2xx with a reading wins. */
  sources: BalanceSource[];
}

// Response shapes checked against each provider's API reference (2025-10):
// DeepSeek GET /user/balance, OpenRouter GET /api/v1/credits (management keys) and
// GET /api/v1/key (any key), Moonshot/Kimi GET /v1/users/me/balance, SiliconFlow GET /v1/user/info.
export const balancePresets = {
  deepseek: {
    id: 'deepseek',
    label: 'DeepSeek',
    hosts: ['api.deepseek.com'],
    currency: 'CNY',
    sources: [
      {
        path: '/user/balance',
        balance: '$.balance_infos[0].total_balance',
        currencyPath: '$.balance_infos[0].currency',
        availablePath: '$.is_available',
      },
    ],
  },
  openrouter: {
    id: 'openrouter',
    label: 'OpenRouter',
    hosts: ['openrouter.ai'],
    currency: 'USD',
    sources: [
      { path: '/api/v1/credits', balance: '$.data.total_credits', minus: '$.data.total_usage', usedPath: '$.data.total_usage', limitPath: '$.data.total_credits' },
      {
        path: '/api/v1/key',
        balance: '$.data.limit_remaining',
        usedPath: '$.data.usage',
        limitPath: '$.data.limit',
        whenNull: 'this key has no credit limit',
      },
    ],
  },
  moonshot: {
    id: 'moonshot',
    label: 'Moonshot (Kimi)',
    hosts: ['api.moonshot.cn', 'api.moonshot.ai'],
    currency: 'USD',
    currencyByHost: { 'api.moonshot.cn': 'CNY' },
    sources: [{ path: '/v1/users/me/balance', balance: '$.data.available_balance' }],
  },
  siliconflow: {
    id: 'siliconflow',
    label: 'SiliconFlow',
    hosts: ['api.siliconflow.cn', 'api.siliconflow.com'],
    currency: 'USD',
    currencyByHost: { 'api.siliconflow.cn': 'CNY' },
    sources: [{ path: '/v1/user/info', balance: '$.data.totalBalance' }],
  },
} as const satisfies Record<BalancePresetId, BalancePreset>;

/** The preset a well-known base URL implies, if any. */
export function presetForBaseUrl(baseUrl: string): BalancePreset | undefined {
  const host = new URL(baseUrl).hostname.toLowerCase();
  return Object.values(balancePresets).find((preset: BalancePreset) => preset.hosts.includes(host));
}

export function presetCurrency(preset: BalancePreset, baseUrl: string): string {
  const host = new URL(baseUrl).hostname.toLowerCase();
  return preset.currencyByHost?.[host] ?? preset.currency;
}
