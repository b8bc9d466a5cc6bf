// A unified diff of two small texts (config files), for `connect --dry-run`.

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Longest-common-subsequence line diff; files beyond a few thousand lines show as replaced whole. */
function diffLines(a: string[], b: string[]): Op[] {
  if (a.length * b.length > 4_000_000) return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: '-', line: a[i++]! });
    else ops.push({ kind: '+', line: b[j++]! });
  }
  return ops;
}

const split = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** `--- path` / `+++ path` and hunks with three lines of context; empty when nothing changes. */
export function unifiedDiff(path: string, before: string | undefined, after: string, context = 3): string {
  if (before === after) return '';
  const ops = diffLines(split(before ?? ''), split(after));
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(ops.length, index + context + 1);
    const last = hunks.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  const out = [`--- ${before === undefined ? '/dev/null' : path}`, `+++ ${path}`];
  for (const [start, end] of hunks) {
    const count = (kind: '-' | '+') => ops.slice(start, end).filter((op) => op.kind === ' ' || op.kind === kind).length;
    // An empty side is numbered from the line before it, as diff(1) does.
    const from = (kind: '-' | '+') => ops.slice(0, start).filter((op) => op.kind === ' ' || op.kind === kind).length + (count(kind) ? 1 : 0);
    out.push(`@@ -${from('-')},${count('-')} +${from('+')},${count('+')} @@`);
    for (const op of ops.slice(start, end)) out.push(`${op.kind}${op.line}`);
  }
  return `${out.join('\n')}\n`;
}
