import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './upstream-serve.js';

// Account endpoints of real providers, answered the way their API references show them
// (2025-10): the shapes a balance fetcher must read. Like every real one, they refuse a
// request without a bearer key.

export interface SideRoute {
  status: number;
  body: unknown;
  /** Answer 401 unless `Authorization: Bearer …` is sent. Default true. */
  requireBearer?: boolean;
}

export const defaultBalanceBodies: Record<string, unknown> = {
  // DeepSeek GET https://api.deepseek.com/user/balance
  '/user/balance': {
    is_available: true,
    balance_infos: [{ currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' }],
  },
  // OpenRouter GET https://openrouter.ai/api/v1/credits
  '/api/v1/credits': { data: { total_credits: 100.5, total_usage: 25.75 } },
  // OpenRouter GET https://openrouter.ai/api/v1/key
  '/api/v1/key': {
    data: { label: 'sk-or-v1-abc…', limit: 20, limit_remaining: 5, limit_reset: 'monthly', usage: 15, usage_daily: 1.5, usage_weekly: 6, usage_monthly: 15, is_free_tier: false },
  },
  // Moonshot / Kimi GET https://api.moonshot.ai/v1/users/me/balance
  '/v1/users/me/balance': { code: 0, data: { available_balance: 49.58894, voucher_balance: 46.58893, cash_balance: 3.00001 }, scode: '0x0', status: true },
  // SiliconFlow GET https://api.siliconflow.cn/v1/user/info
  '/v1/user/info': {
    code: 20000,
    message: 'OK',
    status: true,
    data: { id: 'userid', name: 'username', image: '', email: 'user@example.com', isAdmin: false, balance: '0.88', status: 'normal', introduction: '', role: '', chargeBalance: '88.00', totalBalance: '88.88' },
  },
};

export function defaultSideRoutes(): Map<string, SideRoute> {
  return new Map(Object.entries(defaultBalanceBodies).map(([path, body]) => [`GET ${path}`, { status: 200, body }]));
}

export function answerSide(route: SideRoute, req: IncomingMessage, res: ServerResponse): void {
  const auth = req.headers.authorization ?? '';
  if ((route.requireBearer ?? true) && !/^Bearer \S+/.test(auth)) {
    return sendJson(res, 401, { error: { message: 'Authentication Fails (no such user)', type: 'authentication_error' } });
  }
  sendJson(res, route.status, route.body);
}
