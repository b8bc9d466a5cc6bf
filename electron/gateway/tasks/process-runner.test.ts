import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessGroupAlive, killActiveRuns, runProcess, type RunOptions } from './process-runner.js';

const posix = process.platform !== 'win32';
let dir: string;

/** Writes a test program; `.mjs` files run under this Node, others are executable sh scripts. */
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, name.endsWith('.mjs') ? body : `#!/bin/sh\n${body}`);
  chmodSync(path, 0o755);
  return path;
}

function run(command: string, args: string[], extra: Partial<RunOptions> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const handle = runProcess({
    plan: { command, args, env: { NODE: process.execPath }, cwd: dir, ...extra.plan },
    onStdoutLine: (line) => stdout.push(line),
    onStderrLine: (line) => stderr.push(line),
    ...extra,
  });
  return { ...handle, stdout, stderr };
}

const node = (scriptPath: string, args: string[] = [], extra: Partial<RunOptions> = {}) => run(process.execPath, [scriptPath, ...args], extra);

function pidGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Polls: killed orphans are reaped by init, which in some containers does so lazily. */
async function eventually(check: () => boolean, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(50);
  }
}

async function untilLines(lines: string[], count: number): Promise<void> {
  await eventually(() => lines.length >= count, 10_000);
}

const pidsIn = (lines: string[]) => lines.map((line) => Number(/^\w+ (\d+)$/.exec(line)?.[1])).filter((pid) => pid > 0);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentmesh-runner-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runProcess: output, input, exit', () => {
  it('delivers stdout and stderr lines in order, with \\r\\n and an unterminated last line', async () => {
    const path = script('lines.mjs', `
      const write = (stream, text) => new Promise((resolve) => stream.write(text, resolve));
      await write(process.stdout, 'one\\n');
      await write(process.stdout, 'two\\r\\nthr');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await write(process.stdout, 'ee\\n\\nlast');
      await write(process.stderr, 'warn 1\\nwarn 2');
    `);
    const result = node(path);
    const outcome = await result.done;
    expect(result.stdout).toEqual(['one', 'two', 'three', '', 'last']);
    expect(result.stderr).toEqual(['warn 1', 'warn 2']);
    expect(outcome).toMatchObject({ kind: 'exited', exitCode: 0, signal: null, stderrTail: 'warn 1\nwarn 2', pid: result.pid });
    expect(outcome.error).toBeUndefined();
  });

  it('writes stdin then closes it, and lays plan.env over the base environment', async () => {
    const path = script('stdin.mjs', `
      let input = '';
      for await (const chunk of process.stdin) input += chunk;
      for (const line of input.split('\\n').filter(Boolean)) console.log('got:' + line);
      console.log(process.env.FROM_PLAN + ' ' + process.env.FROM_BASE + ' ' + process.env.SHADOWED);
    `);
    const result = node(path, [], {
      plan: { command: process.execPath, args: [path], cwd: dir, env: { FROM_PLAN: 'plan', SHADOWED: 'plan' }, stdin: 'hello\nwörld ✓\n' },
      baseEnv: { FROM_BASE: 'base', SHADOWED: 'base' },
    });
    expect((await result.done).exitCode).toBe(0);
    expect(result.stdout).toEqual(['got:hello', 'got:wörld ✓', 'plan base plan']);
  });

  it("without a base environment, the child gets the minimal agent one, not the gateway's", async () => {
    const path = script('env.mjs', 'console.log(JSON.stringify(process.env));\n');
    process.env.RUNNER_TEST_SECRET = 'sk-should-not-pass';
    try {
      const result = node(path);
      expect((await result.done).exitCode).toBe(0);
      const env = JSON.parse(result.stdout.join(''));
      expect(env.PATH).toBe(process.env.PATH);
      expect(env.NODE).toBe(process.execPath);
      expect(env).not.toHaveProperty('RUNNER_TEST_SECRET');
    } finally {
      delete process.env.RUNNER_TEST_SECRET;
    }
  });

  it('reports the exit code and keeps only the tail of stderr', async () => {
    const path = script('fail.sh', 'i=0; while [ $i -lt 2000 ]; do echo "err line $i" >&2; i=$((i+1)); done; exit 3\n');
    const result = run(path, [], { stderrTailBytes: 64 });
    const outcome = await result.done;
    expect(outcome).toMatchObject({ kind: 'exited', exitCode: 3, signal: null });
    expect(outcome.stderrTail.length).toBeLessThanOrEqual(64);
    expect(outcome.stderrTail.endsWith('err line 1998\nerr line 1999\n')).toBe(true);
    expect(result.stderr).toHaveLength(2000);
  });

  it('survives a child that exits without reading its stdin (EPIPE)', async () => {
    const path = script('no-read.mjs', 'process.exit(0);\n');
    const outcome = await node(path, [], { plan: { command: process.execPath, args: [path], cwd: dir, env: {}, stdin: 'x'.repeat(8 * 1024 * 1024) } }).done;
    expect(outcome).toMatchObject({ kind: 'exited', exitCode: 0 });
    expect(outcome.error).toBeUndefined();
  });

  it('streams a large output, cutting a runaway line into 1 MiB pieces', async () => {
    const path = script('flood.mjs', `
      const line = 'y'.repeat(99) + '\\n';
      const block = line.repeat(1000);
      for (let i = 0; i < 200; i++) if (!process.stdout.write(block)) await new Promise((r) => process.stdout.once('drain', r));
      process.stdout.write('z'.repeat(3 * 1024 * 1024 + 5) + '\\nend\\n');
    `);
    const started = Date.now();
    let count = 0;
    const long: number[] = [];
    const outcome = await runProcess({
      plan: { command: process.execPath, args: [path], env: {}, cwd: dir },
      onStdoutLine: (text) => (text.startsWith('z') ? long.push(text.length) : count++),
    }).done;
    expect(outcome.exitCode).toBe(0);
    expect(count).toBe(200_000 + 1);
    expect(long).toEqual([1024 * 1024, 1024 * 1024, 1024 * 1024, 5]);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('runProcess: failures to start', () => {
  it('resolves (never rejects) with spawn-error for a missing executable', async () => {
    const missing = join(dir, 'no-such-agent');
    const handle = run(missing, ['--help']);
    expect(handle.pid).toBeUndefined();
    await expect(handle.done).resolves.toMatchObject({ kind: 'spawn-error', exitCode: null, error: `executable not found: ${missing}` });
    await expect(run('agentmesh-no-such-binary-on-path', []).done).resolves.toMatchObject({ kind: 'spawn-error' });
  });

  it('names a missing working directory instead of blaming the executable', async () => {
    const cwd = join(dir, 'gone');
    const outcome = await run(process.execPath, ['-e', '0'], { plan: { command: process.execPath, args: ['-e', '0'], env: {}, cwd } }).done;
    expect(outcome).toMatchObject({ kind: 'spawn-error', error: `working directory not found: ${cwd}` });
  });

  it('turns a synchronous spawn refusal into spawn-error', async () => {
    const outcome = await run(process.execPath, ['bad\0arg']).done;
    expect(outcome.kind).toBe('spawn-error');
    expect(outcome.error).toMatch(/failed to start/);
  });

  it('does not start at all when the signal is already aborted', async () => {
    const marker = join(dir, 'started-anyway');
    const handle = run(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`], { signal: AbortSignal.abort() });
    expect(handle.pid).toBeUndefined();
    await expect(handle.done).resolves.toMatchObject({ kind: 'cancelled' });
    expect(existsSync(marker)).toBe(false);
  });
});

describe('runProcess: arguments are not a shell line', () => {
  it('passes shell metacharacters through verbatim and executes nothing', async () => {
    writeFileSync(join(dir, 'victim'), 'still here');
    const prompt = `$(touch pwned) ; rm -rf victim && touch pwned2 | cat \`touch pwned3\` 'single' "double" \\ $HOME > out & * ?`;
    const echo = script('args.mjs', 'console.log(JSON.stringify(process.argv.slice(2)));\n');
    const viaNode = node(echo, [prompt, '--flag=$(id)']);
    await viaNode.done;
    expect(JSON.parse(viaNode.stdout[0]!)).toEqual([prompt, '--flag=$(id)']);
    // Even a shell script as the program only sees its argument as data.
    const viaSh = run(script('args.sh', 'printf "%s\\n" "$@"\n'), [prompt]);
    await viaSh.done;
    expect(viaSh.stdout).toEqual([prompt]);
    for (const name of ['pwned', 'pwned2', 'pwned3', 'out']) expect(existsSync(join(dir, name))).toBe(false);
    expect(existsSync(join(dir, 'victim'))).toBe(true);
  });
});

describe.skipIf(!posix)('runProcess: the whole process tree ends', () => {
  const stubborn = `"$NODE" -e "process.on('SIGTERM', () => {}); console.log('stubborn ' + process.pid); setInterval(() => {}, 1000)" &`;
  const trapper = `sh -c 'trap "" TERM; echo "trapper $$"; while :; do sleep 1; done' &`;

  it('cancel kills children and grandchildren, including ones that ignore SIGTERM and hold stdout', async () => {
    const path = script('tree.sh', `sleep 60 &\necho "sleeper $!"\n${stubborn}\n${trapper}\nwait\n`);
    const controller = new AbortController();
    const result = run(path, [], { signal: controller.signal, killGraceMs: 300 });
    await untilLines(result.stdout, 3);
    const descendants = pidsIn(result.stdout);
    expect(descendants).toHaveLength(3);
    expect(isProcessGroupAlive(result.pid!)).toBe(true);

    const abortedAt = Date.now();
    controller.abort();
    const outcome = await result.done;
    expect(outcome.kind).toBe('cancelled');
    // Two descendants ignore SIGTERM, so only the SIGKILL after the grace period ends them.
    expect(Date.now() - abortedAt).toBeGreaterThanOrEqual(250);
    expect(Date.now() - abortedAt).toBeLessThan(5_000);
    expect(isProcessGroupAlive(result.pid!)).toBe(false);
    await eventually(() => descendants.every(pidGone));
    await eventually(() => {
      try {
        process.kill(-result.pid!, 0);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
      }
    });
  });

  it('times out: SIGTERM first, SIGKILL after the grace period', async () => {
    const polite = await node(script('forever.mjs', 'setInterval(() => {}, 1000);\n'), [], { timeoutMs: 200, killGraceMs: 5_000 }).done;
    expect(polite).toMatchObject({ kind: 'timeout', exitCode: null, signal: 'SIGTERM' });
    expect(polite.durationMs).toBeLessThan(2_000);

    const deaf = script('deaf.mjs', "process.on('SIGTERM', () => {});\nsetInterval(() => {}, 1000);\n");
    const forced = await node(deaf, [], { timeoutMs: 200, killGraceMs: 300 }).done;
    expect(forced).toMatchObject({ kind: 'timeout', signal: 'SIGKILL' });
    expect(forced.error).toMatch(/timed out after 200 ms/);
    expect(forced.durationMs).toBeGreaterThanOrEqual(450);
    expect(forced.durationMs).toBeLessThan(200 + 300 + 2_000);
  });

  it('a normal exit does not wait on, or leave behind, a grandchild holding stdout', async () => {
    const path = script('leaves-orphan.sh', `${stubborn}\nsleep 60 >/dev/null 2>&1 &\necho "sleeper $!"\nsleep 0.3\necho bye\n`);
    const result = run(path, [], { killGraceMs: 300 });
    const outcome = await result.done;
    expect(outcome).toMatchObject({ kind: 'exited', exitCode: 0 });
    expect(outcome.durationMs).toBeLessThan(5_000);
    expect(result.stdout).toContain('bye');
    expect(isProcessGroupAlive(result.pid!)).toBe(false);
    await eventually(() => pidsIn(result.stdout).every(pidGone));
  });

  it('stops reading after a while when a process that left the group holds stdout', async () => {
    const path = script('escapes.mjs', `
      import { spawn } from 'node:child_process';
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
      console.log('escaped ' + child.pid);
      child.unref();
    `);
    const result = node(path);
    const outcome = await result.done;
    const [escaped] = pidsIn(result.stdout);
    try {
      expect(outcome).toMatchObject({ kind: 'exited', exitCode: 0 });
      expect(outcome.error).toMatch(/outside the task's process group/);
      expect(outcome.durationMs).toBeLessThan(5_000);
    } finally {
      if (escaped) process.kill(escaped, 'SIGKILL');
    }
  });

  it('stops the run when a line handler throws, and reports it', async () => {
    const path = script('chatty.mjs', "console.log('first');\nsetInterval(() => console.log('more'), 20);\n");
    const outcome = await runProcess({
      plan: { command: process.execPath, args: [path], env: {}, cwd: dir },
      onStdoutLine: () => {
        throw new Error('parser bug');
      },
    }).done;
    expect(outcome.error).toMatch(/line handler failed: parser bug/);
    expect(outcome.signal).toBe('SIGTERM');
  });

  it('killActiveRuns ends every running tree at once (for shutdown)', async () => {
    const deaf = script('deaf-too.mjs', "process.on('SIGTERM', () => {});\nconsole.log('up');\nsetInterval(() => {}, 1000);\n");
    const result = node(deaf, [], { killGraceMs: 60_000 });
    await untilLines(result.stdout, 1);
    expect(killActiveRuns()).toBeGreaterThanOrEqual(1);
    await expect(result.done).resolves.toMatchObject({ kind: 'exited', signal: 'SIGKILL' });
    expect(killActiveRuns()).toBe(0);
  });
});
