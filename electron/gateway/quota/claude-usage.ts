import type { PriceConfig } from '../../../shared/schemas/config.js';
import type { QuotaConfig } from '../../../shared/schemas/quota.js';
import { priceFor } from '../models/prices/price-lookup.js';
import type { ClaudeEntry, ClaudeScan } from './claude-transcripts.js';

export interface TokenCost {
  /** Every token: input, output, cache writes and cache reads. */
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export interface ClaudeBlock extends TokenCost {
  start: string;
  end: string;
  /** The block is still open: it has not ended and its last activity is recent. */
  active: boolean;
  models: string[];
}

export interface ClaudeUsageReport {
  /** Transcripts exist (Claude Code has been used here). */
  found: boolean;
  /** The open 5-hour block, else the latest one. */
  block: ClaudeBlock | null;
  today: TokenCost & { date: string };
  days: (TokenCost & { date: string })[];
  models: (TokenCost & { model: string })[];
  /** Known only from a limit notice or a configured block limit. */
  usedPercent?: number;
  resetsAt?: string;
}

const HOUR = 3_600_000;
const BLOCK = 5 * HOUR;

const zero = (): TokenCost => ({ tokens: 0, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0 });

function costOfEntry(entry: ClaudeEntry, prices: Record<string, PriceConfig>): number {
  if (entry.costUsd !== undefined) return entry.costUsd;
  const price = priceFor(entry.model, prices);
  if (!price) return 0;
  const perToken = (rate: number | undefined) => (rate ?? price.input) / 1_000_000;
  return entry.input * perToken(price.input) + entry.cacheCreate * perToken(price.cacheWrite) + entry.cacheRead * perToken(price.cachedInput) + entry.output * perToken(price.output);
}

function add(total: TokenCost, entry: ClaudeEntry, cost: number): void {
  total.inputTokens += entry.input;
  total.outputTokens += entry.output;
  total.cacheCreationTokens += entry.cacheCreate;
  total.cacheReadTokens += entry.cacheRead;
  total.tokens += entry.input + entry.output + entry.cacheCreate + entry.cacheRead;
  total.costUsd += cost;
}

const roundCost = <T extends TokenCost>(total: T): T => ({ ...total, costUsd: Math.round(total.costUsd * 1e6) / 1e6 });

/** YYYY-MM-DD of the gateway host's local calendar, as Claude Code's own usage views show days. */
export const localDate = (ms: number) => {
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

/**
 * Billing blocks as Claude subscriptions count them: a block opens at the hour of the first
 * message after a quiet spell and lasts five hours; a message after its end (or after five
 * quiet hours) opens the next.
 */
function blocks(entries: ClaudeEntry[], prices: Record<string, PriceConfig>, now: number): ClaudeBlock[] {
  const found: (ClaudeBlock & { startMs: number; endMs: number; lastMs: number })[] = [];
  for (const entry of entries) {
    let block = found.at(-1);
    if (!block || entry.ts >= block.endMs || entry.ts - block.lastMs >= BLOCK) {
      const startMs = Math.floor(entry.ts / HOUR) * HOUR;
      block = { ...zero(), start: new Date(startMs).toISOString(), end: new Date(startMs + BLOCK).toISOString(), active: false, models: [], startMs, endMs: startMs + BLOCK, lastMs: entry.ts };
      found.push(block);
    }
    add(block, entry, costOfEntry(entry, prices));
    block.lastMs = entry.ts;
    if (!block.models.includes(entry.model)) block.models.push(entry.model);
  }
  return found.map(({ startMs: _s, endMs, lastMs, ...block }) => roundCost({ ...block, active: now < endMs && now - lastMs < BLOCK }));
}

export function summarizeClaude(scan: ClaudeScan, now: number, prices: Record<string, PriceConfig>, limits: QuotaConfig['claudeCode']): ClaudeUsageReport {
  const today = localDate(now);
  const byDay = new Map<string, TokenCost>();
  const byModel = new Map<string, TokenCost>();
  for (const entry of scan.entries) {
    const cost = costOfEntry(entry, prices);
    const day = localDate(entry.ts);
    if (!byDay.has(day)) byDay.set(day, zero());
    if (!byModel.has(entry.model)) byModel.set(entry.model, zero());
    add(byDay.get(day)!, entry, cost);
    add(byModel.get(entry.model)!, entry, cost);
  }
  const all = blocks(scan.entries, prices, now);
  const block = all.find((candidate) => candidate.active) ?? all.at(-1) ?? null;
  const report: ClaudeUsageReport = {
    found: scan.files > 0,
    block,
    today: roundCost({ date: today, ...(byDay.get(today) ?? zero()) }),
    days: [...byDay].map(([date, total]) => roundCost({ date, ...total })).sort((a, b) => a.date.localeCompare(b.date)),
    models: [...byModel].map(([model, total]) => roundCost({ model, ...total })).sort((a, b) => b.costUsd - a.costUsd),
  };
  const notice = scan.limitNotice;
  const open = block?.active ? block : null;
  if (notice?.resetsAt && notice.resetsAt > now) {
    report.usedPercent = 100;
    report.resetsAt = new Date(notice.resetsAt).toISOString();
  } else if (notice && !notice.resetsAt && open && notice.at >= Date.parse(open.start)) {
    report.usedPercent = 100;
    report.resetsAt = open.end;
  } else if (open && (limits.blockLimitUsd || limits.blockLimitTokens)) {
    const shares = [limits.blockLimitUsd ? open.costUsd / limits.blockLimitUsd : 0, limits.blockLimitTokens ? open.tokens / limits.blockLimitTokens : 0];
    report.usedPercent = Math.round(Math.max(...shares) * 1000) / 10;
    report.resetsAt = open.end;
  }
  return report;
}
