/** One line of `GET /model-gateway/quota`: a provider's or a local subscription's standing. */
export interface QuotaEntry {
  provider: string;
  /** balance: fetched from the provider; local: a server on this machine; untracked: no source; subscription: Codex / Claude Code files. */
  kind: 'balance' | 'local' | 'untracked' | 'subscription';
  /** The preset (deepseek…), `generic`, `codex-sessions` or `claude-transcripts`. */
  source?: string;
  available: boolean;
  /** Why it is not available. */
  reason?: string;
  balance?: number;
  currency?: string;
  usedPercent?: number;
  resetsAt?: string;
  summary: string;
  /** When the figures were read (fetched, or taken from the files). */
  checkedAt: string;
  /** The last fetch failed; the figures (if any) are older. */
  error?: string;
  /** Codex windows, Claude Code blocks/days/models. */
  details?: unknown;
}

export type QuotaLevel = 'ok' | 'warning' | 'exhausted';

export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1_440);
  const hours = Math.floor((minutes % 1_440) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes % 60}m`;
  return `${minutes}m`;
}

export const formatMoney = (amount: number, currency = 'USD') => `${amount.toFixed(2)} ${currency}`;

export const formatPercent = (percent: number) => `${Math.round(percent * 10) / 10}%`;

/** `5h`, `weekly`, `daily` or `90m` for a window length (Codex reports 299 or 300 for five hours). */
export function windowName(minutes: number | undefined): string {
  if (minutes === undefined) return 'window';
  if (minutes >= 10_000) return 'weekly';
  if (minutes >= 1_400) return 'daily';
  if (minutes >= 60) return `${Math.round(minutes / 60)}h`;
  return `${minutes}m`;
}

export function resetsIn(resetsAt: string | undefined, now: number): string {
  return resetsAt ? `resets in ${formatDuration(Date.parse(resetsAt) - now)}` : '';
}
