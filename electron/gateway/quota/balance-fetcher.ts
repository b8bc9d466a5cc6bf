import type { ProviderConfig } from '../../../shared/schemas/config.js';
import { asAmount, readJsonPath } from '../../../shared/schemas/json-path.js';
import { sendRequest, type HttpAgents } from '../models/providers/http-client.js';
import { balancePresets, presetCurrency, presetForBaseUrl, type BalanceSource } from './balance-presets.js';
import { isLocalBaseUrl } from './local-servers.js';

/** How a provider's balance is known: fetched, always fine (local), or not at all. */
export type BalancePlan =
  | { kind: 'none'; why: string }
  | { kind: 'local' }
  | {
      kind: 'fetch';
      /** The preset id, or `generic`. */
      source: string;
      requests: { url: string; headers: Record<string, string>; read: BalanceSource }[];
      currency?: string;
      minBalance: number;
      warnBelow?: number;
    };

/** What one fetch learned; `error` when no source answered with a reading. */
export interface BalanceReading {
  source: string;
  balance?: number;
  currency?: string;
  /** The provider says whether calls are allowed (DeepSeek's is_available). */
  allowed?: boolean;
  usedPercent?: number;
  note?: string;
  error?: string;
}

export interface FetchOptions {
  /** Injectable connection pools (tests, proxies); the upstream pools by default. */
  agents?: HttpAgents;
  timeoutMs?: number;
}

const bearer = (provider: ProviderConfig): Record<string, string> => (provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {});

export function balancePlan(provider: ProviderConfig): BalancePlan {
  const config = provider.balance;
  if (config === false) return { kind: 'none', why: 'balance not tracked (balance: false)' };
  if (config && 'url' in config) {
    const read: BalanceSource = { path: '', balance: config.jsonPath, ...(config.availablePath ? { availablePath: config.availablePath } : {}) };
    const headers = config.headers ?? bearer(provider);
    return { kind: 'fetch', source: 'generic', requests: [{ url: config.url, headers, read }], currency: config.currency, minBalance: config.minBalance, warnBelow: config.warnBelow };
  }
  if (!config && isLocalBaseUrl(provider.baseUrl)) return { kind: 'local' };
  const preset = config ? balancePresets[config.preset] : presetForBaseUrl(provider.baseUrl);
  if (!preset) return { kind: 'none', why: 'no balance API known for this provider (add `balance:` to track one)' };
  const origin = new URL(provider.baseUrl).origin;
  return {
    kind: 'fetch',
    source: preset.id,
    requests: preset.sources.map((read: BalanceSource) => ({ url: origin + read.path, headers: bearer(provider), read })),
    currency: config?.currency ?? presetCurrency(preset, provider.baseUrl),
    minBalance: config?.minBalance ?? 0,
    warnBelow: config?.warnBelow,
  };
}

/** Asks each source of the plan in turn; never throws (a failure is a reading with `error`). */
export async function fetchBalance(plan: Extract<BalancePlan, { kind: 'fetch' }>, options: FetchOptions = {}): Promise<BalanceReading> {
  const errors: string[] = [];
  for (const { url, headers, read } of plan.requests) {
    try {
      const body = await getJson(url, headers, options);
      const reading = readBalance(body, read, plan.currency);
      if (reading) return { source: plan.source, ...reading };
      errors.push(`${new URL(url).pathname}: no balance at ${read.balance}`);
    } catch (error) {
      errors.push(`${new URL(url).pathname}: ${(error as Error).message}`);
    }
  }
  return { source: plan.source, error: errors.join('; ') };
}

function readBalance(body: unknown, read: BalanceSource, currency: string | undefined): Omit<BalanceReading, 'source'> | undefined {
  const raw = readJsonPath(body, read.balance);
  const total = asAmount(raw);
  const minus = read.minus ? asAmount(readJsonPath(body, read.minus)) : 0;
  const named = read.currencyPath ? readJsonPath(body, read.currencyPath) : undefined;
  const allowed = read.availablePath ? readJsonPath(body, read.availablePath) : undefined;
  const used = read.usedPath ? asAmount(readJsonPath(body, read.usedPath)) : undefined;
  const limit = read.limitPath ? asAmount(readJsonPath(body, read.limitPath)) : undefined;
  const reading: Omit<BalanceReading, 'source'> = {};
  if (total !== undefined) reading.balance = round(total - (minus ?? 0));
  else if (raw === null && read.whenNull) reading.note = read.whenNull;
  else return undefined;
  const currencyName = typeof named === 'string' && named ? named : currency;
  if (currencyName) reading.currency = currencyName;
  if (typeof allowed === 'boolean') reading.allowed = allowed;
  if (used !== undefined && limit) reading.usedPercent = round((used / limit) * 100);
  return reading;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
const MAX_BODY = 256 * 1024;

async function getJson(url: string, headers: Record<string, string>, options: FetchOptions): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const response = await sendRequest(url, {
    method: 'GET',
    headers: { accept: 'application/json', 'user-agent': 'agentmesh-gateway', ...headers },
    agents: options.agents,
    headersTimeoutMs: timeoutMs,
    bodyTimeoutMs: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  let text = '';
  for await (const chunk of response.body) {
    text += chunk.toString();
    if (text.length > MAX_BODY) {
      response.body.destroy();
      throw new Error('answer too large');
    }
  }
  if (response.statusCode >= 400) throw new Error(`HTTP ${response.statusCode}${text ? `: ${text.trim().slice(0, 160)}` : ''}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('answer is not JSON');
  }
}
