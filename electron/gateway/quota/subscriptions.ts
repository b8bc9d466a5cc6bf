import type { ClaudeUsageReport } from './claude-usage.js';
import type { CodexUsage } from './codex-rate-limits.js';
import { formatDuration, formatPercent, resetsIn, windowName, type QuotaEntry } from './quota-entry.js';

/** The Codex subscription as a quota entry: the fuller of its two windows decides. */
export function codexEntry(usage: CodexUsage, now: number): QuotaEntry {
  const checkedAt = usage.limits?.observedAt ?? new Date(now).toISOString();
  const base = { provider: 'codex', kind: 'subscription' as const, source: 'codex-sessions', checkedAt };
  const limits = usage.limits;
  const windows = limits ? [limits.primary, limits.secondary].filter((window) => window !== undefined) : [];
  if (!limits || windows.length === 0) return { ...base, available: true, summary: 'no rate-limit data in recent Codex sessions' };
  const fullest = windows.reduce((a, b) => (b.usedPercent > a.usedPercent ? b : a));
  const parts = windows.map((window) => `${windowName(window.windowMinutes)} window ${formatPercent(window.usedPercent)} used${window.reset ? ' (reset since)' : ''}${window.resetsAt && !window.reset ? `, ${resetsIn(window.resetsAt, now)}` : ''}`);
  const exhausted = fullest.usedPercent >= 100;
  return {
    ...base,
    available: !exhausted,
    ...(exhausted ? { reason: `Codex ${windowName(fullest.windowMinutes)} limit reached${fullest.resetsAt ? ` (${resetsIn(fullest.resetsAt, now)})` : ''}` } : {}),
    usedPercent: fullest.usedPercent,
    ...(fullest.resetsAt ? { resetsAt: fullest.resetsAt } : {}),
    summary: `${parts.join('; ')} (as of ${formatDuration(now - Date.parse(limits.observedAt))} ago)`,
    details: { primary: limits.primary ?? null, secondary: limits.secondary ?? null, planType: limits.planType ?? null, file: limits.file },
  };
}

const tokens = (count: number) => (count >= 1_000_000 ? `${(count / 1_000_000).toFixed(1)}M` : count >= 1_000 ? `${(count / 1_000).toFixed(1)}k` : String(count));

/** Claude Code as a quota entry: the open 5-hour block and today's spend at API prices. */
export function claudeEntry(report: ClaudeUsageReport, now: number): QuotaEntry {
  const block = report.block?.active ? report.block : null;
  const blockText = block
    ? `5h block ${tokens(block.tokens)} tokens, $${block.costUsd.toFixed(2)}, ends in ${formatDuration(Date.parse(block.end) - now)}`
    : 'no open 5h block';
  const percent = report.usedPercent === undefined ? '' : ` (${formatPercent(report.usedPercent)} of the block limit)`;
  const exhausted = (report.usedPercent ?? 0) >= 100;
  return {
    provider: 'claude-code',
    kind: 'subscription',
    source: 'claude-transcripts',
    available: !exhausted,
    ...(exhausted ? { reason: `Claude Code usage limit reached${report.resetsAt ? ` (${resetsIn(report.resetsAt, now)})` : ''}` } : {}),
    ...(report.usedPercent !== undefined ? { usedPercent: report.usedPercent } : {}),
    ...(report.resetsAt ? { resetsAt: report.resetsAt } : block ? { resetsAt: block.end } : {}),
    summary: `${blockText}${percent}; today ${tokens(report.today.tokens)} tokens, $${report.today.costUsd.toFixed(2)}`,
    checkedAt: new Date(now).toISOString(),
    details: { block: report.block, today: report.today, days: report.days, models: report.models },
  };
}
