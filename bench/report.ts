import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './children.js';

export type Unit = 'ms' | 'req/s' | 'MB' | 'KB' | 'count';

/** A target: on the added amount (gateway − direct) or on the gateway's own figure. */
export interface Goal {
  of: 'added' | 'gateway';
  atMost?: number;
  atLeast?: number;
}

export interface Row {
  section: string;
  metric: string;
  unit: Unit;
  direct?: number;
  gateway: number;
  /** 'diff' shows gateway − direct, 'ratio' gateway / direct. */
  compare?: 'diff' | 'ratio';
  goal?: Goal;
  note?: string;
}

export interface Verdict extends Row {
  added?: number;
  result?: 'PASS' | 'FAIL';
}

export function judge(row: Row): Verdict {
  const verdict: Verdict = { ...row };
  if (row.direct !== undefined && row.compare) {
    verdict.added = row.compare === 'diff' ? row.gateway - row.direct : row.gateway / row.direct;
  }
  const goal = row.goal;
  if (goal) {
    const value = goal.of === 'added' ? verdict.added : row.gateway;
    const ok =
      value !== undefined &&
      Number.isFinite(value) &&
      (goal.atMost === undefined || value <= goal.atMost) &&
      (goal.atLeast === undefined || value >= goal.atLeast);
    verdict.result = ok ? 'PASS' : 'FAIL';
  }
  return verdict;
}

const number = (value: number, unit: Unit) => {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'ms') return value.toFixed(value < 10 ? 2 : 1);
  if (unit === 'MB' || unit === 'KB') return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
};

const withUnit = (value: number | undefined, unit: Unit) => (value === undefined ? '' : `${number(value, unit)} ${unit}`);

function addedText(row: Verdict): string {
  if (row.added === undefined) return '';
  if (row.compare === 'ratio') return Number.isFinite(row.added) ? `×${row.added.toFixed(2)}` : 'n/a';
  const sign = row.added >= 0 ? '+' : '−';
  return Number.isFinite(row.added) ? `${sign}${number(Math.abs(row.added), row.unit)} ${row.unit}` : 'n/a';
}

function goalText(row: Row): string {
  const goal = row.goal;
  if (!goal) return '';
  const bound = goal.atMost !== undefined ? `≤ ${number(goal.atMost, row.unit)}` : `≥ ${number(goal.atLeast ?? NaN, row.unit)}`;
  return `${goal.of === 'added' ? 'added ' : ''}${bound} ${row.unit}`;
}

export function formatTable(rows: Verdict[]): string {
  const head = ['metric', 'direct', 'gateway', 'added', 'target', 'result'];
  const cells = rows.map((row) => [
    `  ${row.metric}`,
    withUnit(row.direct, row.unit),
    withUnit(row.gateway, row.unit),
    addedText(row),
    goalText(row),
    row.result ?? '',
  ]);
  const widths = head.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) =>
    values.map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(head)];
  let section = '';
  rows.forEach((row, index) => {
    if (row.section !== section) {
      section = row.section;
      out.push(section);
    }
    out.push(line(cells[index]!));
    if (row.note) out.push(`      ${row.note}`);
  });
  return out.join('\n');
}

/** Writes the run to bench/results/ (gitignored): a timestamped file and gateway-latest.json. */
export function writeResults(document: unknown): string {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(document, null, 2) + '\n';
  const file = join(dir, `gateway-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, text);
  writeFileSync(join(dir, 'gateway-latest.json'), text);
  return file;
}
