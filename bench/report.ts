import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './children.js';

export type Unit = 'ms' | 'µs' | 'req/s' | 'MB' | 'KB' | 'count';

/**
 * A target: on the added amount (gateway − direct), on the gateway's own figure, or on the
 * gateway beside the floor (its added amount ÷ the floor's, or for throughput gateway ÷ floor).
 */
export interface Goal {
  of: 'added' | 'gateway' | 'floor';
  atMost?: number;
  atLeast?: number;
}

export interface Row {
  section: string;
  metric: string;
  unit: Unit;
  direct?: number;
  /** The same load through bench/floor-proxy.mjs, a minimal node:http hop in the gateway's place. */
  floor?: number;
  gateway: number;
  /** 'diff' shows gateway − direct, 'ratio' gateway / direct. */
  compare?: 'diff' | 'ratio';
  goal?: Goal;
  note?: string;
}

export interface Verdict extends Row {
  added?: number;
  /** What the floor adds, in the same terms as `added`. */
  floorAdded?: number;
  /** The gateway against the floor: added ÷ floor's added ('diff'), gateway ÷ floor ('ratio'). */
  vsFloor?: number;
  result?: 'PASS' | 'FAIL';
}

const MEASURABLE: Record<Unit, number> = { ms: 0.05, 'µs': 50, 'req/s': 0, MB: 1, KB: 1, count: 0 };

export function judge(row: Row): Verdict {
  const verdict: Verdict = { ...row };
  const compare = (value: number) => (row.compare === 'diff' ? value - row.direct! : value / row.direct!);
  if (row.direct !== undefined && row.compare) {
    verdict.added = compare(row.gateway);
    if (row.floor !== undefined) verdict.floorAdded = compare(row.floor);
  }
  // A ratio of two added amounts means something only when the floor adds a measurable amount.
  if (row.floor !== undefined && row.compare === 'ratio') verdict.vsFloor = row.gateway / row.floor;
  if (row.compare === 'diff' && verdict.added !== undefined && verdict.added > 0 && verdict.floorAdded !== undefined && verdict.floorAdded > MEASURABLE[row.unit]) {
    verdict.vsFloor = verdict.added / verdict.floorAdded;
  }
  const goal = row.goal;
  if (goal) {
    const value = goal.of === 'added' ? verdict.added : goal.of === 'floor' ? verdict.vsFloor : row.gateway;
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

function addedText(added: number | undefined, row: Verdict): string {
  if (added === undefined) return '';
  if (row.compare === 'ratio') return Number.isFinite(added) ? `×${added.toFixed(2)}` : 'n/a';
  const sign = added >= 0 ? '+' : '−';
  return Number.isFinite(added) ? `${sign}${number(Math.abs(added), row.unit)} ${row.unit}` : 'n/a';
}

const times = (value: number | undefined) => (value === undefined ? '' : Number.isFinite(value) ? `×${value.toFixed(2)}` : 'n/a');

function goalText(row: Row): string {
  const goal = row.goal;
  if (!goal) return '';
  if (goal.of === 'floor') {
    const bound = goal.atMost !== undefined ? `≤ ×${goal.atMost}` : `≥ ×${goal.atLeast}`;
    return `${bound} floor`;
  }
  const bound = goal.atMost !== undefined ? `≤ ${number(goal.atMost, row.unit)}` : `≥ ${number(goal.atLeast ?? NaN, row.unit)}`;
  return `${goal.of === 'added' ? 'added ' : ''}${bound} ${row.unit}`;
}

export function formatTable(rows: Verdict[]): string {
  const head = ['metric', 'direct', 'floor', 'gateway', 'added', 'floor added', 'vs floor', 'target', 'result'];
  const cells = rows.map((row) => [
    `  ${row.metric}`,
    withUnit(row.direct, row.unit),
    withUnit(row.floor, row.unit),
    withUnit(row.gateway, row.unit),
    addedText(row.added, row),
    addedText(row.floorAdded, row),
    times(row.vsFloor),
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
