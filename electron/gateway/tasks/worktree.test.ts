import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorktree, isGitRepo, removeWorktree, slugOf, worktreeDiffStat, WorktreeError } from './worktree.js';

let root: string;
let repo: string;
const savedEnv: Record<string, string | undefined> = {};
// Keep the developer's global/system git config (hooks, signing) out of these repos, and stop
// repository discovery at the temp root.
const testEnv = (): Record<string, string> => ({ GIT_CONFIG_GLOBAL: join(root, 'empty-gitconfig'), GIT_CONFIG_NOSYSTEM: '1', GIT_CEILING_DIRECTORIES: root });

function gitIn(dir: string, ...args: string[]): string {
  const env = { ...process.env };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[name];
  return execFileSync('git', ['-C', dir, ...args], { env, encoding: 'utf8' }).trim();
}

function makeRepo(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  gitIn(dir, 'init', '-q');
  gitIn(dir, 'config', 'user.name', 'AgentMesh Test');
  gitIn(dir, 'config', 'user.email', 'test@agentmesh.invalid');
  writeFileSync(join(dir, 'a.txt'), 'one\ntwo\nthree\n');
  writeFileSync(join(dir, 'b.txt'), 'bee\n');
  writeFileSync(join(dir, '.gitignore'), 'ignored/\n');
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

const expectWorktreeError = (code: string, message: RegExp | string) => expect.objectContaining({ name: 'WorktreeError', code, message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message) });

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'agentmesh-worktree-')));
  writeFileSync(join(root, 'empty-gitconfig'), '');
  for (const [name, value] of Object.entries(testEnv())) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
  repo = makeRepo('project');
});

afterAll(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(root, { recursive: true, force: true });
});

describe('worktrees', () => {
  it('creates a worktree on a new branch beside the repository, from its HEAD', async () => {
    const head = gitIn(repo, 'rev-parse', 'HEAD');
    const worktree = await createWorktree(repo, 'task-1');
    expect(worktree).toEqual({ path: join(root, '.agentmesh-worktrees', 'project', 'task-1'), branch: 'agentmesh/task-1', base: head });
    expect(gitIn(repo, 'rev-parse', '--verify', 'refs/heads/agentmesh/task-1')).toBe(head);
    expect(gitIn(worktree.path, 'rev-parse', 'HEAD')).toBe(head);
    expect(gitIn(worktree.path, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('agentmesh/task-1');
    expect(readFileSync(join(worktree.path, 'a.txt'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
    await removeWorktree(repo, worktree.path, { deleteBranch: true });
  });

  it('counts committed, uncommitted and untracked changes without touching either checkout', async () => {
    const worktree = await createWorktree(repo, 'diff');
    const wt = (...parts: string[]) => join(worktree.path, ...parts);
    writeFileSync(wt('a.txt'), 'one\nTWO\nthree\nfour\nfive\n'); // +3 -1
    rmSync(wt('b.txt')); // -1
    writeFileSync(wt('new [x] *.txt'), 'n1\nn2\n'); // untracked, +2
    mkdirSync(wt('ignored'));
    writeFileSync(wt('ignored', 'build.log'), 'not counted\n');
    writeFileSync(wt('committed.txt'), 'c1\n'); // +1, committed by the agent
    gitIn(worktree.path, 'add', 'committed.txt');
    gitIn(worktree.path, 'commit', '-q', '-m', 'agent commit');
    const statusBefore = gitIn(worktree.path, 'status', '--porcelain');

    const diff = await worktreeDiffStat(worktree);
    expect(diff).toMatchObject({ filesChanged: 4, insertions: 6, deletions: 2, untracked: ['new [x] *.txt'] });
    for (const name of ['a.txt', 'b.txt', 'committed.txt', 'new [x] *.txt']) expect(diff.stat).toContain(name);
    expect(diff.stat).not.toContain('build.log');

    // Nothing was staged or committed in the worktree, and the user's checkout is as it was.
    expect(gitIn(worktree.path, 'status', '--porcelain')).toBe(statusBefore);
    expect(statusBefore).toContain('?? "new [x] *.txt"');
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect(existsSync(join(repo, 'committed.txt'))).toBe(false);
    expect(gitIn(repo, 'rev-parse', 'HEAD')).toBe(worktree.base);
    await removeWorktree(repo, worktree.path, { deleteBranch: true });
  });

  it('reports an empty diff for an untouched worktree', async () => {
    const worktree = await createWorktree(repo, 'clean');
    await expect(worktreeDiffStat(worktree)).resolves.toEqual({ stat: '', filesChanged: 0, insertions: 0, deletions: 0, untracked: [] });
    await removeWorktree(repo, worktree.path, { deleteBranch: true });
  });

  it('removes the worktree and, when asked, its branch; removing again is a no-op', async () => {
    const kept = await createWorktree(repo, 'keep-branch');
    writeFileSync(join(kept.path, 'scratch.txt'), 'left by the agent\n');
    await removeWorktree(repo, kept.path);
    expect(existsSync(kept.path)).toBe(false);
    expect(gitIn(repo, 'branch', '--list', kept.branch)).toContain(kept.branch);

    const dropped = await createWorktree(repo, 'drop-branch');
    await removeWorktree(repo, dropped.path, { deleteBranch: true });
    expect(existsSync(dropped.path)).toBe(false);
    expect(gitIn(repo, 'branch', '--list', dropped.branch)).toBe('');
    expect(gitIn(repo, 'worktree', 'list', '--porcelain')).not.toContain(dropped.path);
    await expect(removeWorktree(repo, dropped.path, { deleteBranch: true })).resolves.toBeUndefined();
    gitIn(repo, 'branch', '-D', kept.branch);
  });

  it('prunes a worktree whose directory was deleted by hand', async () => {
    const worktree = await createWorktree(repo, 'deleted-by-hand');
    rmSync(worktree.path, { recursive: true, force: true });
    await removeWorktree(repo, worktree.path, { deleteBranch: true });
    expect(gitIn(repo, 'worktree', 'list', '--porcelain')).not.toContain(worktree.path);
    expect(gitIn(repo, 'branch', '--list', worktree.branch)).toBe('');
  });

  it('names the branch agentmesh/<short-id>-<slug of the prompt>, so `git branch` says what each task was', async () => {
    const taskId = 'task_0e7a1b2c-3d4e-4f60-8a9b-0c1d2e3f4a5b';
    const worktree = await createWorktree(repo, taskId, { title: 'Add a --json flag to the Export command, and cover it with a test!\nMore detail.' });
    expect(worktree.branch).toBe('agentmesh/0e7a1b2c-add-a-json-flag-to-the-export-command');
    expect(worktree.path).toBe(join(root, '.agentmesh-worktrees', 'project', taskId));
    expect(gitIn(repo, 'branch', '--list', 'agentmesh/*')).toContain('agentmesh/0e7a1b2c-add-a-json-flag-to-the-export-command');
    await removeWorktree(repo, worktree.path, { deleteBranch: true });
    // A prompt with no latin letters or digits leaves the short id alone.
    expect(slugOf('修复登录')).toBe('');
    expect(slugOf('Résumé: naïve café')).toBe('resume-naive-cafe');
  });

  it('gives two tasks two separate worktrees and branches, even when created at once', async () => {
    const [first, second] = await Promise.all([createWorktree(repo, 'twin-1'), createWorktree(repo, 'twin-2')]);
    expect(first.path).not.toBe(second.path);
    expect(first.branch).not.toBe(second.branch);
    writeFileSync(join(first.path, 'a.txt'), 'changed in one\n');
    expect(readFileSync(join(second.path, 'a.txt'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect((await worktreeDiffStat(second)).filesChanged).toBe(0);
    await Promise.all([first, second].map((worktree) => removeWorktree(repo, worktree.path, { deleteBranch: true })));
  });

  it('honours baseDir and sanitizes task ids into one safe path component', async () => {
    const baseDir = join(root, 'data', 'worktrees');
    const worktree = await createWorktree(repo, '../../weird id/x.lock', { baseDir, branchPrefix: 'mesh/' });
    expect(worktree.path).toBe(join(baseDir, 'project', 'weird-id-x-lock'));
    expect(worktree.branch).toBe('mesh/weird-id-x-lock');
    await removeWorktree(repo, worktree.path, { deleteBranch: true });
  });

  it('refuses a task id already in use and a baseDir inside the work tree', async () => {
    const worktree = await createWorktree(repo, 'twice');
    await expect(createWorktree(repo, 'twice')).rejects.toEqual(expectWorktreeError('PATH_EXISTS', worktree.path));
    await expect(createWorktree(repo, 'inside', { baseDir: join(repo, 'wt') })).rejects.toEqual(expectWorktreeError('INVALID_NAME', /inside the work tree/));
    await expect(createWorktree(repo, '///')).rejects.toEqual(expectWorktreeError('INVALID_NAME', /no usable worktree name/));
    await removeWorktree(repo, worktree.path, { deleteBranch: true });
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
  });
});

describe('worktrees: errors name the directory', () => {
  it('tells a repository from a plain or missing directory', async () => {
    const plain = join(root, 'plain');
    mkdirSync(plain);
    expect(await isGitRepo(repo)).toBe(true);
    expect(await isGitRepo(join(repo, '.git'))).toBe(false);
    expect(await isGitRepo(plain)).toBe(false);
    expect(await isGitRepo(join(root, 'missing'))).toBe(false);
    await expect(createWorktree(plain, 't')).rejects.toEqual(expectWorktreeError('NOT_A_GIT_REPO', `not a git repository (or not inside its work tree): ${plain}`));
    await expect(createWorktree(join(root, 'missing'), 't')).rejects.toEqual(expectWorktreeError('NOT_A_DIRECTORY', join(root, 'missing')));
    await expect(worktreeDiffStat({ path: plain, base: 'HEAD' })).rejects.toBeInstanceOf(WorktreeError);
    await expect(removeWorktree(plain, join(plain, 'x'))).rejects.toEqual(expectWorktreeError('NOT_A_GIT_REPO', plain));
  });

  it('refuses a repository without commits', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    gitIn(empty, 'init', '-q');
    await expect(createWorktree(empty, 't')).rejects.toEqual(expectWorktreeError('NO_COMMITS', empty));
  });

  it('says so when git is not installed', async () => {
    const path = process.env.PATH;
    const emptyBin = join(root, 'no-bin');
    mkdirSync(emptyBin, { recursive: true });
    process.env.PATH = emptyBin;
    try {
      await expect(isGitRepo(repo)).rejects.toEqual(expectWorktreeError('GIT_NOT_FOUND', /git is not installed/));
    } finally {
      process.env.PATH = path;
    }
  });
});
