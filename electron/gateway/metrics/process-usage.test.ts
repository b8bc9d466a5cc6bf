import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { OwnProcessUsage, processUsage } from './process-usage.js';

it("reads the gateway's own CPU since the last reading and its resident memory, without starting a process", () => {
  const own = new OwnProcessUsage();
  own.read();
  // Busy for 150 ms, then the reading covers (mostly) that: near one core.
  const until = performance.now() + 150;
  let spins = 0;
  while (performance.now() < until) spins++;
  const busy = own.read();
  expect(spins).toBeGreaterThan(0);
  expect(busy.cpuPercent).toBeGreaterThan(50);
  expect(busy.cpuPercent).toBeLessThan(250);
  expect(busy.memoryMb).toBeGreaterThan(10);
  expect(Math.abs(busy.memoryMb! - process.memoryUsage.rss() / 1_048_576)).toBeLessThan(50);
  if (process.platform === 'linux') expect(busy.diskIoKb).toEqual(expect.any(Number));
});

it.runIf(process.platform === 'linux')('reads a busy process and its memory from /proc, then its CPU since the last reading', async () => {
  const busy = spawn(process.execPath, ['-e', 'const keep = Buffer.alloc(64 * 1024 * 1024, 1); for (;;) keep[0]++;'], { stdio: 'ignore' });
  try {
    await once(busy, 'spawn');
    await setTimeout(600);
    const first = await processUsage([busy.pid!]);
    expect(first.memoryMb).toBeGreaterThan(60);
    expect(first.cpuPercent).toBeGreaterThan(20);
    await setTimeout(400);
    const second = await processUsage([busy.pid!]);
    // Spinning for the whole 400 ms: near one core (the machine may be shared).
    expect(second.cpuPercent).toBeGreaterThan(40);
    expect(second.cpuPercent).toBeLessThan(150);
  } finally {
    busy.kill('SIGKILL');
  }
  await once(busy, 'exit');
  expect(await processUsage([busy.pid!])).toEqual({ cpuPercent: null, memoryMb: null, diskIoKb: null });
});
