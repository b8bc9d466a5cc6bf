import { processStartTime, startTimesKnown } from './process-start-time.js';
import { isProcessGroupAlive, terminateProcessTree } from './process-tree.js';

/**
 * A gateway killed with SIGKILL leaves its agents running (they lead their own process
 * groups). On the next start, their tasks are marked interrupted and what is left of each
 * group is stopped, so no agent keeps editing files with nobody watching — but only when
 * the process holding the stored pid is the one that started then: pids are reused (after
 * a reboot, soon), and a stranger must never be killed. Returns what was done, for the
 * task's log; undefined when nothing was left.
 */
export function stopLeftoverGroup(pgid: number, recordedStart: string | null): string | undefined {
  if (!isProcessGroupAlive(pgid)) return undefined;
  const leave = (why: string) => `left process ${pgid} alone: ${why}`;
  if (!startTimesKnown) return leave('this system tells no process start times, so a process that reused the agent\'s pid cannot be told from the agent');
  if (!recordedStart) return leave('no start time was recorded for the agent (a task from an older version), so it may be another process that reused the pid');
  const started = processStartTime(pgid);
  if (!started) return leave('the agent itself has exited; what is left of its process group cannot be told from a group that reused its id');
  if (started !== recordedStart) return leave('it started at a different time than the agent did, so the pid now belongs to another process');
  void terminateProcessTree(pgid, 2_000);
  return `stopped the agent's leftover process group ${pgid}`;
}
