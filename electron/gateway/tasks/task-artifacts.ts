import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { SpaceArtifacts } from './space-artifacts.js';
import type { StoredTask } from './task-store.js';

export const defaultArtifactMaxBytes = 1024 * 1024;

/**
 * Records a finished task's file changes in its space as artifacts, each with the file's
 * content as the task left it (cut at `maxBytes`). Only files inside the directory the task
 * ran in are read, whatever path the agent reported; a deleted or unreadable file is recorded
 * without content.
 */
export function recordFileArtifacts(artifacts: SpaceArtifacts, task: StoredTask, changes: { path: string; change: string }[], maxBytes = defaultArtifactMaxBytes): void {
  if (!task.space_id) return;
  const root = task.worktree?.path ?? task.cwd;
  const latest = new Map(changes.map((change) => [change.path, change.change]));
  for (const [path, change] of latest) {
    const read = change === 'delete' || !root ? undefined : readInside(root, path, maxBytes);
    artifacts.put(task.space_id, { name: path, change, taskId: task.id, content: read?.content ?? null, ...(read ? { size: read.size, truncated: read.truncated } : {}) });
  }
}

function readInside(root: string, path: string, maxBytes: number): { content: Buffer; size: number; truncated: boolean } | undefined {
  try {
    const base = realpathSync(root);
    const file = realpathSync(resolve(base, path));
    const inside = relative(base, file);
    if (!inside || inside.startsWith('..') || isAbsolute(inside)) return undefined;
    const { size, isFile } = statOf(file);
    if (!isFile) return undefined;
    const content = Buffer.alloc(Math.min(size, maxBytes));
    const fd = openSync(file, 'r');
    try {
      readSync(fd, content, 0, content.length, 0);
    } finally {
      closeSync(fd);
    }
    return { content, size, truncated: size > maxBytes };
  } catch {
    return undefined;
  }
}

const statOf = (file: string) => {
  const stat = statSync(file);
  return { size: stat.size, isFile: stat.isFile() };
};
