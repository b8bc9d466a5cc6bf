import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processStartTime, startTimesKnown } from './process-start-time.js';

describe.skipIf(!startTimesKnown)('process start time', () => {
  it('is stable for one process, differs between processes, and is gone with the process', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const started = processStartTime(child.pid!);
    expect(started).toBeDefined();
    expect(processStartTime(child.pid!)).toBe(started);
    expect(processStartTime(process.pid)).not.toBe(started);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(processStartTime(child.pid!)).toBeUndefined();
  });

  it('is undefined for a pid that cannot exist', () => {
    expect(processStartTime(0)).toBeUndefined();
    expect(processStartTime(-5)).toBeUndefined();
  });
});
