import { readdirSync, readFileSync } from 'node:fs';

// The machine may be shared: CPU that other processes use during a scenario skews its
// figures. This reads /proc at scenario boundaries only (never during a measurement) and
// reports the CPU that went to processes outside the bench's own tree: this process, the
// upstream, the gateways and whatever they spawn (reaped children count through cutime).

const TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/stat and /proc/<pid>/stat

interface Reading {
  at: number;
  busy: number;
  steal: number;
  ours: number;
}

export interface CpuShare {
  /** CPU used by processes outside the bench, in cores, averaged over the interval. */
  foreignCores: number;
  /** Time the hypervisor gave to other guests, in cores. */
  stealCores: number;
}

export class CpuMeter {
  private last: Reading | undefined;
  private readonly first: Reading | undefined;

  constructor() {
    this.first = this.last = read();
  }

  /** The share since the previous call (or since construction); undefined off Linux. */
  lap(): CpuShare | undefined {
    const now = read();
    const share = this.last && now ? between(this.last, now) : undefined;
    this.last = now;
    return share;
  }

  total(): CpuShare | undefined {
    const now = read();
    return this.first && now ? between(this.first, now) : undefined;
  }
}

function between(a: Reading, b: Reading): CpuShare {
  const seconds = Math.max(0.001, (b.at - a.at) / 1000);
  const foreign = Math.max(0, b.busy - a.busy - (b.ours - a.ours));
  return { foreignCores: foreign / TICKS_PER_SECOND / seconds, stealCores: (b.steal - a.steal) / TICKS_PER_SECOND / seconds };
}

function read(): Reading | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    return { at: Date.now(), busy: user + nice + system + irq + softirq, steal, ours: treeTicks(process.pid) };
  } catch {
    return undefined;
  }
}

/** utime + stime + cutime + cstime of every process descending from `root`, itself included. */
function treeTicks(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The fields after the command name, which may itself hold spaces and parentheses.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number);
      stats.set(Number(name), { ppid: fields[1] ?? 0, ticks: (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0) });
    } catch {
      // It exited while we listed the processes.
    }
  }
  let total = 0;
  for (const [pid, stat] of stats) {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = stats.get(at)?.ppid) {
      if (at !== root) continue;
      total += stat.ticks;
      break;
    }
  }
  return total;
}

/** CPU time (user + system) process `pid` has used so far, in ms; NaN when /proc cannot tell. */
export function cpuTimeMs(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number);
    return (((fields[11] ?? NaN) + (fields[12] ?? NaN)) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}
