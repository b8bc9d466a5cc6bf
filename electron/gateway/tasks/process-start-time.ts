import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { procStat } from './proc-stat.js';

/** Platforms where a process's start time can be read, so a reused pid can be told apart. */
export const startTimesKnown = ['linux', 'darwin', 'freebsd', 'openbsd', 'netbsd'].includes(process.platform);

/**
 * When process `pid` started, as an opaque string: two processes that ever held the same
 * pid give different strings, across reboots too. Linux: the boot id and `/proc/<pid>/stat`
 * field 22 (clock ticks since boot). macOS and the BSDs: `ps -o lstart=` (wall clock, to
 * the second). Undefined when the process is gone or the platform (Windows) tells nothing.
 */
export function processStartTime(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (process.platform === 'linux') return linuxStartTime(pid);
  if (!startTimesKnown) return undefined;
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2_000, env: { PATH: process.env.PATH ?? '/bin:/usr/bin', LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return started ? `ps:${started.replace(/\s+/g, ' ')}` : undefined;
  } catch {
    return undefined; // ps exits 1 when there is no such process
  }
}

let bootId: string | undefined;

function linuxStartTime(pid: number): string | undefined {
  try {
    bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
  const ticks = procStat(pid)?.(22);
  return ticks && /^\d+$/.test(ticks) ? `linux:${bootId}:${ticks}` : undefined;
}
