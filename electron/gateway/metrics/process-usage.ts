import { readdirSync, readFileSync } from 'node:fs';
import { procStat } from '../tasks/proc-stat.js';

export interface ProcessUsage {
  cpuPercent: number | null;
  memoryMb: number | null;
  /** Bytes read and written to storage by the processes, in KB; null where /proc/<pid>/io is absent. */
  diskIoKb: number | null;
}

/** The processes of a group (an agent and what it started), from /proc on Linux; elsewhere the leader alone. */
export function groupMembers(pgid: number): number[] {
  if (process.platform !== 'linux') return [pgid];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [pgid];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    // A process that exited while we looked has no stat.
    const stat = procStat(Number(entry));
    if (stat && Number(stat(5)) === pgid && stat(3) !== 'Z') members.push(Number(entry));
  }
  return members.length ? members : [pgid];
}

function diskIoBytes(pid: number): number | null {
  const text = procText(pid, 'io');
  if (text === undefined) return null;
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  const total = field('read_bytes') + field('write_bytes');
  return Number.isFinite(total) ? total : null;
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The gateway's own usage from node itself: CPU since the previous reading (the first since
 * this was made), resident memory, disk I/O. Unlike pidusage, which runs `getconf` through a
 * shell on its first call, it starts no process, so an idle gateway sampling itself never forks.
 */
export class OwnProcessUsage {
  private cpu = process.cpuUsage();
  private at = process.hrtime.bigint();

  read(): ProcessUsage {
    const cpu = process.cpuUsage();
    const at = process.hrtime.bigint();
    const usedUs = cpu.user - this.cpu.user + (cpu.system - this.cpu.system);
    const wallUs = Number(at - this.at) / 1_000;
    this.cpu = cpu;
    this.at = at;
    const disk = diskIoBytes(process.pid);
    return {
      cpuPercent: wallUs > 0 ? round((usedUs / wallUs) * 100) : null,
      memoryMb: round(process.memoryUsage.rss() / 1_048_576),
      diskIoKb: disk === null ? null : round(disk / 1_024),
    };
  }
}

/** Linux's USER_HZ: the unit of /proc/<pid>/stat's CPU times (100 on every architecture it runs on). */
const ticksPerSecond = 100;
/** The previous CPU reading of each process read from /proc: its start (pids are reused), ticks used, and when. */
const lastCpu = new Map<number, { started: number; ticks: number; at: number }>();
/** Readings older than this are of processes nobody samples any more. */
const forgetAfterS = 3_600;

/** `/proc/<pid>/<name>`, or undefined when the process is gone (or it is not readable). */
function procText(pid: number, name: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return undefined;
  }
}

function systemUptime(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}

/**
 * One process's CPU (percent of one core since the previous reading of it, or over its life on
 * the first) and resident memory, from /proc: no `ps`, and no `getconf` run through a shell as
 * pidusage does on Linux. Undefined for a process that is gone.
 */
function procUsage(pid: number, now: number): { cpu: number; memory: number } | undefined {
  const stat = procStat(pid);
  const status = stat && procText(pid, 'status');
  if (!stat || status === undefined) {
    lastCpu.delete(pid);
    return undefined;
  }
  const ticks = Number(stat(14)) + Number(stat(15));
  const started = Number(stat(22));
  const rssKb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
  const previous = lastCpu.get(pid);
  const since = previous?.started === started ? previous : { ticks: 0, at: started / ticksPerSecond };
  lastCpu.set(pid, { started, ticks, at: now });
  const seconds = now - since.at;
  return { cpu: seconds > 0 ? ((ticks - since.ticks) / ticksPerSecond / seconds) * 100 : 0, memory: rssKb * 1_024 };
}

/** CPU (percent of one core, as `ps` shows it), memory and disk I/O summed over the processes; figures nobody could read stay null. */
export async function processUsage(pids: number[]): Promise<ProcessUsage> {
  if (pids.length === 0) return { cpuPercent: null, memoryMb: null, diskIoKb: null };
  let stats: Record<string, { cpu: number; memory: number } | undefined> = {};
  if (process.platform === 'linux') {
    const now = systemUptime();
    for (const pid of pids) stats[pid] = procUsage(pid, now);
    const stale = now - forgetAfterS;
    for (const [pid, reading] of lastCpu) if (reading.at < stale) lastCpu.delete(pid);
  } else {
    // macOS and Windows: pidusage's ps / wmic, loaded with the first process to measure.
    const { default: pidusage } = await import('pidusage');
    try {
      stats = await pidusage(pids);
    } catch {
      // A process that exited between listing and reading: read them one by one.
      for (const pid of pids) stats[pid] = await pidusage(pid).catch(() => undefined);
    }
  }
  const read = Object.values(stats).filter((stat): stat is { cpu: number; memory: number } => Boolean(stat));
  const disk = pids.map(diskIoBytes).filter((bytes): bytes is number => bytes !== null);
  return {
    cpuPercent: read.length ? round(read.reduce((sum, stat) => sum + stat.cpu, 0)) : null,
    memoryMb: read.length ? round(read.reduce((sum, stat) => sum + stat.memory, 0) / 1_048_576) : null,
    diskIoKb: disk.length ? round(disk.reduce((sum, bytes) => sum + bytes, 0) / 1_024) : null,
  };
}
