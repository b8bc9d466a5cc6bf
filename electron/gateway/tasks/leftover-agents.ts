import { isProcessGroupAlive, terminateProcessTree } from './process-tree.js';

/**
 * A gateway killed with SIGKILL leaves its agents running (they lead their own process
 * groups). On the next start, their tasks are marked interrupted and what is left of each
 * group is stopped, so no agent keeps editing files with nobody watching.
 */
export function stopLeftoverGroup(pgid: number): boolean {
  if (!isProcessGroupAlive(pgid)) return false;
  void terminateProcessTree(pgid, 2_000);
  return true;
}
