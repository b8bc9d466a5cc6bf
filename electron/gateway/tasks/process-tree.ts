import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

const isWindows = process.platform === 'win32';
const POLL_MS = 25;
/** After SIGKILL the kernel needs only a moment; this bounds the wait for stuck (D-state) processes. */
const AFTER_KILL_WAIT_MS = 2000;

/**
 * Whether any process of the group `pgid` is still running. On POSIX every runner child leads
 * its own group (spawned `detached`), so its pid is the group id. Zombies count as gone: they
 * have exited and hold no pipes, but an init that reaps orphans lazily (containers) keeps
 * them visible to `kill(-pgid, 0)` for a while. On Windows this checks the single pid.
 */
export function isProcessGroupAlive(pgid: number): boolean {
  if (isWindows) return signalExists(pgid);
  if (!signalExists(-pgid)) return false;
  return process.platform === 'linux' ? hasLiveMemberInProc(pgid) : true;
}

function signalExists(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else (a setuid helper) — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function hasLiveMemberInProc(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  let members = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ..." — comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    members++;
    if (fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  // No member at all while kill() saw one: /proc shows another pid namespace; trust kill().
  return members === 0;
}

/** Sends `signal` to the whole group of `pgid`; false when nothing was there to signal. */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(isWindows ? pgid : -pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends the process tree rooted at `pid` and resolves once it is gone (or could not be
 * confirmed gone shortly after SIGKILL). POSIX: SIGTERM to the group, SIGKILL to the group
 * after `graceMs` if any member is still running. Windows has no process groups and console
 * programs get no graceful signal, so `taskkill /T /F` ends the tree at once.
 */
export async function terminateProcessTree(pid: number, graceMs: number): Promise<void> {
  if (isWindows) {
    await taskkillTree(pid);
    await waitUntilGone(pid, AFTER_KILL_WAIT_MS);
    return;
  }
  if (!isProcessGroupAlive(pid) || !signalProcessGroup(pid, 'SIGTERM')) return;
  if (await waitUntilGone(pid, graceMs)) return;
  signalProcessGroup(pid, 'SIGKILL');
  await waitUntilGone(pid, AFTER_KILL_WAIT_MS);
}

/**
 * Interrupts the tree as Ctrl-C would (SIGINT to the group), so a CLI can save its session and
 * exit; whatever still runs after `graceMs` is terminated. Windows has no SIGINT for a
 * console-less child: the tree is ended as terminateProcessTree does.
 */
export async function interruptProcessTree(pid: number, graceMs: number): Promise<void> {
  if (isWindows || !isProcessGroupAlive(pid) || !signalProcessGroup(pid, 'SIGINT')) return terminateProcessTree(pid, graceMs);
  if (await waitUntilGone(pid, graceMs)) return;
  await terminateProcessTree(pid, graceMs);
}

/**
 * Kills the tree at once, synchronously, so it can run in a `process.on('exit')` handler:
 * runner children lead their own groups and would otherwise outlive a gateway that dies.
 */
export function killProcessTreeNow(pid: number): void {
  if (!isWindows) {
    signalProcessGroup(pid, 'SIGKILL');
    return;
  }
  try {
    execFileSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
  } catch {
    // Already gone.
  }
}

async function waitUntilGone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (!isProcessGroupAlive(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await delay(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
  }
}

function taskkillTree(pid: number): Promise<void> {
  return new Promise((resolve) => {
    // A failure here means the tree is already gone (or not ours); waitUntilGone tells.
    execFile('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true }, () => resolve());
  });
}
