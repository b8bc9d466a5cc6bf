import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { canPin, pinSelf } from './children.js';
import { CHAT_PATH, chatBody, Client } from './client.js';
import { writeGatewayFiles } from './config.js';
import { cpuTimeMs } from './cpu-meter.js';
import { countLoop } from './load.js';
import { words } from './scenarios/context.js';
import { UpstreamProcess } from './upstream-process.js';

// node bin/run-ts.mjs bench/gc-count.ts [calls]   (after `node scripts/build-cli.mjs`)
// Garbage collections per 1,000 non-streaming calls at 64 clients, read from the gateway
// bundle's --trace-gc: counts and pauses, which other load on the machine barely moves.

const CLIENTS = 64;
const calls = Number(process.argv[2] ?? 20_000);
const pinned = canPin();
if (pinned) pinSelf(0);
const upstream = await UpstreamProcess.start(pinned ? 0 : undefined);
const dir = mkdtempSync(join(tmpdir(), 'agentmesh-gc-'));
const files = writeGatewayFiles(dir, upstream.url, upstream.url);
await upstream.setReply({ text: words(24) });
const args = ['--trace-gc', 'out/cli/agentmesh.mjs', 'gateway', '--config', files.configPath, '--port', '0', '--data-dir', files.dataDir, '--token', files.token, '--log-level', 'warn'];
const child = pinned ? spawn('taskset', ['-c', '1', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });

const gc = { counting: false, scavenges: 0, scavengeMs: 0, full: 0, fullMs: 0 };
let listening!: (url: string) => void;
const url = new Promise<string>((resolve) => (listening = resolve));
createInterface({ input: child.stdout! }).on('line', (line) => {
  const at = /listening on (http:\/\/\S+)/.exec(line);
  if (at) listening(at[1]!);
  const event = /(Scavenge|Mark-Compact)\b[^,]*, ([\d.]+) \/ [\d.]+ ms/.exec(line);
  if (!gc.counting || !event) return;
  if (event[1] === 'Scavenge') {
    gc.scavenges++;
    gc.scavengeMs += Number(event[2]);
  } else {
    gc.full++;
    gc.fullMs += Number(event[2]);
  }
});

const client = new Client({ name: 'gateway', origin: await url, headers: { 'content-type': 'application/json', authorization: `Bearer ${files.token}` } }, CLIENTS);
const body = chatBody(false);
try {
  await countLoop(CLIENTS, 5_000, () => client.call(CHAT_PATH, body));
  for (let round = 1; round <= 3; round++) {
    Object.assign(gc, { counting: true, scavenges: 0, scavengeMs: 0, full: 0, fullMs: 0 });
    const cpu = cpuTimeMs(child.pid!);
    const started = performance.now();
    await countLoop(CLIENTS, calls, () => client.call(CHAT_PATH, body));
    const seconds = (performance.now() - started) / 1000;
    gc.counting = false;
    const per1000 = (value: number) => ((value * 1000) / calls).toFixed(2);
    process.stdout.write(
      `round ${round}: ${Math.round(calls / seconds)} req/s, ${Math.round(((cpuTimeMs(child.pid!) - cpu) * 1000) / calls)} µs CPU per call; ` +
        `per 1,000 calls: ${per1000(gc.scavenges)} scavenges (${per1000(gc.scavengeMs)} ms), ${per1000(gc.full)} mark-compacts (${per1000(gc.fullMs)} ms)\n`,
    );
  }
} finally {
  await client.close();
  child.kill('SIGTERM');
  await upstream.stop();
  rmSync(dir, { recursive: true, force: true });
}
