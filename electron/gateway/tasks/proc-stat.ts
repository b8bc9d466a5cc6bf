import { readFileSync } from 'node:fs';

/**
 * The fields of `/proc/<pid>/stat` (Linux), indexed by their number in proc(5): `field(3)` is
 * the state, 5 the process group, 14 and 15 user and system CPU ticks, 22 the start time.
 * The command (field 2) may hold spaces and parentheses, so fields are counted from the last
 * ")". Undefined when the process is gone.
 */
export function procStat(pid: number): ((field: number) => string | undefined) | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (field) => fields[field - 3];
}
