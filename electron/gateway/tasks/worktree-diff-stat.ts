import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { git, repoRoot } from './worktree-git.js';

export interface WorktreeDiffStat {
  /** `git diff --stat` text (empty when nothing changed). */
  stat: string;
  filesChanged: number;
  insertions: number;
  deletions: number;
  /** New files git does not track yet (ignored files excluded), relative to the worktree. */
  untracked: string[];
}

/**
 * Everything the agent changed since `base`: its commits, uncommitted edits, and new files
 * not yet added. Nothing is committed or staged in the worktree: untracked files are marked
 * intent-to-add in a scratch copy of its index, which makes `git diff <base>` count them as
 * new files without writing their contents into the object store.
 */
export async function worktreeDiffStat(worktree: { path: string; base: string }): Promise<WorktreeDiffStat> {
  const root = await repoRoot(worktree.path);
  const untracked = (await git(root, ['ls-files', '--others', '--exclude-standard', '-z'])).split('\0').filter(Boolean);
  const realIndex = resolve(root, (await git(root, ['rev-parse', '--git-path', 'index'])).trim());
  const scratch = await mkdtemp(join(tmpdir(), 'agentmesh-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(scratch, 'index') };
    // A copy keeps the stat cache, so unchanged files are not hashed again.
    await copyFile(realIndex, env.GIT_INDEX_FILE).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await git(root, ['read-tree', 'HEAD'], { env }); // a checkout without an index yet
    });
    if (untracked.length > 0) {
      await git(root, ['--literal-pathspecs', 'add', '--intent-to-add', '--pathspec-from-file=-', '--pathspec-file-nul'], {
        env,
        input: untracked.join('\0'),
      });
    }
    // Explicit flags so user config (external diff, textconv, renames, colour) cannot change the numbers.
    const diff = ['-c', 'core.quotepath=off', 'diff', '--no-ext-diff', '--no-textconv', '--no-color', '--find-renames'];
    const numstat = await git(root, [...diff, '--numstat', '-z', worktree.base, '--'], { env });
    const stat = await git(root, [...diff, '--stat', worktree.base, '--'], { env });
    return { stat: stat.trimEnd(), ...sumNumstat(numstat), untracked };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * `--numstat -z` records: "added\tdeleted\tpath\0", or for a rename "added\tdeleted\t\0old\0new\0".
 * Binary files count as changed with "-" for both numbers.
 */
function sumNumstat(out: string): Pick<WorktreeDiffStat, 'filesChanged' | 'insertions' | 'deletions'> {
  const tokens = out.split('\0');
  let filesChanged = 0;
  let insertions = 0;
  let deletions = 0;
  for (let i = 0; i < tokens.length; i++) {
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(tokens[i]!);
    if (!match) continue;
    filesChanged++;
    insertions += match[1] === '-' ? 0 : Number(match[1]);
    deletions += match[2] === '-' ? 0 : Number(match[2]);
    if (match[3] === '') i += 2;
  }
  return { filesChanged, insertions, deletions };
}
