// npm run bench:ui — the dashboard in Debian Chromium against a real gateway: first load
// (beside a static file from the same server), how long a task's status takes to show in
// the Tasks view while 20 tasks stream (beside the raw SSE event reaching the same page),
// and the renderer bundle's size. Loopback only; bounded; stops by itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../e2e/support/browser.js';
import { startDashboard, uiDir } from '../e2e/support/dashboard.js';
import { formatTable, judge, type Row } from './report.js';
import { summarize } from './stats.js';

const TASKS = 20;

// Runs in the page (as text: the TypeScript loader's helpers must not leak into it). For each
// task it notes, in wall-clock ms: when the gateway stamped the completion event, when that
// event reached a raw EventSource in the page (the baseline), and when the Tasks view showed
// the task as completed.
const inPageProbe = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  window.emitted = {};
  window.raw = {};
  window.shown = {};
  new EventSource('/api/events').addEventListener('task.event', (event) => {
    const data = JSON.parse(event.data);
    if (data.body.kind === 'status' && data.body.status === 'completed' && window.raw[data.taskId] === undefined) {
      window.raw[data.taskId] = now();
      window.emitted[data.taskId] = Date.parse(data.ts);
    }
  });
  const scan = () => {
    for (const row of document.querySelectorAll('[data-testid^="task-row-"]')) {
      const id = row.dataset.taskId || row.getAttribute('data-testid').slice('task-row-'.length);
      const status = row.querySelector('[data-testid="task-status"]');
      if (window.shown[id] === undefined && status && status.textContent === 'completed') window.shown[id] = now();
    }
  };
  new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;
const LOADS = 10;
const dashboard = await startDashboard();
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(dashboard.gateway.loginLink());
  await page.getByTestId('nav-agents').waitFor();

  const firstLoad: number[] = [];
  const staticLoad: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const fresh = await context.newPage();
    let started = performance.now();
    await fresh.goto(`${dashboard.gateway.url}/ui/favicon.svg`);
    staticLoad.push(performance.now() - started);
    started = performance.now();
    await fresh.goto(`${dashboard.gateway.url}/ui/#/tasks`);
    await fresh.getByTestId('task-list').or(fresh.getByTestId('empty-state')).first().waitFor();
    firstLoad.push(performance.now() - started);
    await fresh.close();
  }

  await page.goto(`${dashboard.gateway.url}/ui/#/tasks`);
  await page.getByTestId('task-list').or(page.getByTestId('empty-state')).first().waitFor();
  await page.evaluate(inPageProbe);
  await page.waitForTimeout(300);
  const ids: string[] = [];
  for (let i = 0; i < TASKS; i++) {
    const answer = await fetch(`${dashboard.gateway.url}/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dashboard.gateway.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'task', source: 'bench', target: 'echo', payload: { task: `bench task ${i}` } }),
    });
    ids.push(((await answer.json()) as { task_id: string }).task_id);
  }
  // Polled from outside: the page's CSP (rightly) refuses the string eval waitForFunction needs.
  const deadline = Date.now() + 60_000;
  while (((await page.evaluate('Object.keys(window.shown).length')) as number) < TASKS && Date.now() < deadline) await page.waitForTimeout(50);
  await page.waitForTimeout(200);
  type Times = Record<string, number>;
  const { emitted, raw, shown } = (await page.evaluate('({ emitted: window.emitted, raw: window.raw, shown: window.shown })')) as { emitted: Times; raw: Times; shown: Times };
  const measured = ids.filter((id) => emitted[id] !== undefined && raw[id] !== undefined && shown[id] !== undefined);
  const sseLag = measured.map((id) => raw[id]! - emitted[id]!);
  const lags = measured.map((id) => shown[id]! - emitted[id]!);

  const assets = join(uiDir, 'assets');
  const files = readdirSync(assets).filter((name) => /\.(js|css)$/.test(name));
  const bytes = (ext: string) => files.filter((name) => name.endsWith(ext)).reduce((sum, name) => sum + statSync(join(assets, name)).size, 0);
  const gzipped = files.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name))).length, 0);

  const load = summarize(firstLoad);
  const base = summarize(staticLoad);
  const lag = summarize(lags);
  const sse = summarize(sseLag);
  const section = `dashboard in Chromium (${LOADS} loads; ${TASKS} tasks streaming)`;
  const rows: Row[] = [
    { section, metric: 'first load to Tasks view p50 (direct: a static file)', unit: 'ms', direct: base.p50, gateway: load.p50, compare: 'diff' },
    { section, metric: 'first load to Tasks view p99', unit: 'ms', direct: base.p99, gateway: load.p99, compare: 'diff' },
    { section, metric: 'completion event → shown in Tasks view p50 (direct: → raw EventSource)', unit: 'ms', direct: sse.p50, gateway: lag.p50, compare: 'diff' },
    { section, metric: 'completion event → shown in Tasks view p99', unit: 'ms', direct: sse.p99, gateway: lag.p99, compare: 'diff' },
    { section, metric: 'renderer JS', unit: 'MB', gateway: bytes('.js') / 1e6 },
    { section, metric: 'renderer CSS', unit: 'MB', gateway: bytes('.css') / 1e6 },
    { section, metric: 'renderer JS+CSS gzipped', unit: 'MB', gateway: gzipped / 1e6 },
  ];
  process.stdout.write(`${formatTable(rows.map(judge))}\ncompleted rows measured: ${lags.length}/${TASKS} (wall-clock ms, 1 ms resolution on the gateway's stamp)\n`);
} finally {
  await browser.close();
  await dashboard.close();
}
process.exit(0);
