import { expect, it } from 'vitest';
import { OwnProcessUsage } from './process-usage.js';

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
