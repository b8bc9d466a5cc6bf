import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agentConfigSchema, type AdapterId } from '../../../shared/schemas/agent.js';
import type { TaskEventBody } from '../../../shared/schemas/task.js';
import { adapters } from './adapters/index.js';
import { fixtureLines, replay } from './adapters/fixture-replay.js';
import type { AgentAdapter, SpawnContext, TaskSpec } from './types.js';

// One suite, run against every adapter in the registry. Per-adapter event details live
// beside each adapter (adapters/<id>.test.ts).

/** Recorded runs of each CLI (see the per-adapter tests for where each came from). */
const recordedRuns: Record<AdapterId, string[]> = {
  'claude-code': ['claude-code-plain.jsonl', 'claude-code-bash.jsonl', 'claude-code-bash-fail.jsonl'],
  codex: ['codex-plain.jsonl', 'codex-exec.jsonl', 'codex-exec-fail.jsonl'],
  gemini: ['gemini-plain.jsonl', 'gemini-shell.jsonl'],
  opencode: ['opencode-plain.jsonl', 'opencode-bash.jsonl', 'opencode-bash-fail.jsonl'],
  openclaw: ['openclaw-exec.json', 'openclaw-error.json'],
  command: ['command-protocol.txt'],
};

const gatewayToken = 'gw-secret-TOKEN-1f3a';
const agentSecret = 'agent-secret-VALUE-9c2e';
// Spaces, quotes, a newline, a leading dash, shell syntax and a template placeholder.
const prompt = '-x fix "main.ts" {cwd} $(rm -rf ~); echo `id`\nsecond line';
const shells = ['sh', 'bash', 'zsh', 'dash', 'fish', 'cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh'];

const agentFor = (adapter: AgentAdapter, fields: Record<string, unknown> = {}) =>
  deepFreeze(
    agentConfigSchema.parse({
      id: 'contract',
      adapter: adapter.id,
      path: '/opt/agents/bin/agent',
      env: { AGENT_SECRET: agentSecret },
      // The command adapter only passes what its template asks for.
      ...(adapter.id === 'command' ? { args: ['--model', '{model}'] } : {}),
      ...fields,
    }),
  );
const task = (fields: Partial<TaskSpec> = {}): TaskSpec => deepFreeze({ id: 'task-42', prompt, ...fields });
const context = (fields: Partial<SpawnContext> = {}): SpawnContext =>
  deepFreeze({ binary: '/opt/agents/bin/agent', cwd: '/work/project', gateway: { url: 'http://127.0.0.1:4555', token: gatewayToken }, ...fields });

describe.each(Object.values(adapters))('$id adapter', (adapter) => {
  describe('spawn plan', () => {
    it('is pure: the same input gives an equal plan, without reading the environment', () => {
      const envReads: PropertyKey[] = [];
      const realEnv = process.env;
      process.env = new Proxy(realEnv, { get: (target, key) => (envReads.push(key), Reflect.get(target, key)) });
      try {
        const first = adapter.buildSpawnPlan(task(), agentFor(adapter), context());
        expect(adapter.buildSpawnPlan(task(), agentFor(adapter), context())).toEqual(first);
      } finally {
        process.env = realEnv;
      }
      expect(envReads).toEqual([]);
    });

    it('starts the program itself, never a shell', () => {
      const plan = adapter.buildSpawnPlan(task(), agentFor(adapter), context());
      expect(plan.command).toBe('/opt/agents/bin/agent');
      expect(shells).not.toContain(basename(plan.command));
      expect(plan.cwd).toBe('/work/project');
    });

    it('passes the prompt as exactly one argv element or on stdin', () => {
      const plan = adapter.buildSpawnPlan(task(), agentFor(adapter), context());
      const asArgument = plan.args.filter((arg) => arg === prompt).length;
      if (plan.stdin === undefined) expect(asArgument).toBe(1);
      else {
        expect(plan.stdin).toBe(prompt);
        expect(plan.args.some((arg) => arg.includes('second line'))).toBe(false);
      }
    });

    it('keeps secrets out of argv', () => {
      for (const gateway of [undefined, { url: 'http://127.0.0.1:4555', token: gatewayToken }]) {
        const plan = adapter.buildSpawnPlan(task(), agentFor(adapter, { routeModelsThroughGateway: true }), context({ gateway }));
        const argv = plan.args.join('\n');
        expect(argv).not.toContain(gatewayToken);
        expect(argv).not.toContain(agentSecret);
        expect(plan.env.AGENT_SECRET).toBe(agentSecret);
      }
    });

    it('passes the model, the task model over the agent model', () => {
      const withAgentModel = adapter.buildSpawnPlan(task(), agentFor(adapter, { model: 'agent-model-7' }), context());
      expect(withAgentModel.args.some((arg) => arg.includes('agent-model-7'))).toBe(true);
      const withTaskModel = adapter.buildSpawnPlan(task({ model: 'task-model-9' }), agentFor(adapter, { model: 'agent-model-7' }), context());
      expect(withTaskModel.args.some((arg) => arg.includes('task-model-9'))).toBe(true);
      expect(withTaskModel.args.join(' ')).not.toContain('agent-model-7');
    });

    it('tells the process its task id and a PWD that matches its cwd', () => {
      const plan = adapter.buildSpawnPlan(task(), agentFor(adapter, { env: { PWD: '/somewhere/else' } }), context());
      expect(plan.env.AGENTMESH_TASK_ID).toBe('task-42');
      expect(plan.env.PWD).toBe('/work/project');
    });
  });

  describe('output parser', () => {
    it('never throws on garbage, empty or half JSON lines and only emits well-formed events', () => {
      const parser = adapter.createParser();
      const events: TaskEventBody[] = [];
      for (const line of garbageLines(recordedRuns[adapter.id])) events.push(...parser.line(line));
      events.push(...parser.end(null), ...parser.end(1));
      for (const event of events) expect(() => taskEventBody.parse(event), JSON.stringify(event)).not.toThrow();
    });

    it.each(recordedRuns[adapter.id])('turns the recorded run %s into events that end with one result', (fixture) => {
      const events = replay(adapter, fixture, fixture.includes('error') ? 1 : 0);
      for (const event of events) taskEventBody.parse(event);
      expect(events.at(-1)?.kind).toBe('result');
      expect(events.filter((event) => event.kind === 'result')).toHaveLength(1);
    });

    it('ends a run that printed nothing with a result', () => {
      const parser = adapter.createParser();
      expect(parser.end(137)).toEqual([expect.objectContaining({ kind: 'result', isError: true })]);
    });
  });
});

/** Hand-made junk, then every recorded line cut in half and with each field (and nested field) replaced by odd values. */
function garbageLines(fixtures: string[]): string[] {
  const odd = [null, 42, -1, 'text', [], {}, [null], true];
  const lines = ['', '   ', 'plain text', '{', '{"type":', '[]', '[1,2', 'null', '42', '"str"', '\u0000\uffff', '}{', 'x'.repeat(100_000)];
  for (const line of fixtures.flatMap(fixtureLines)) {
    lines.push(line.slice(0, Math.floor(line.length / 2)));
    const parsed = tryParse(line);
    if (!isRecord(parsed)) continue;
    for (const [key, value] of Object.entries(parsed)) {
      for (const replacement of odd) lines.push(JSON.stringify({ ...parsed, [key]: replacement }));
      if (!isRecord(value)) continue;
      for (const inner of Object.keys(value)) {
        for (const replacement of odd) lines.push(JSON.stringify({ ...parsed, [key]: { ...value, [inner]: replacement } }));
      }
    }
  }
  return lines;
}

const tryParse = (line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
};
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function deepFreeze<T>(value: T): T {
  if (isRecord(value) || Array.isArray(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const status = z.enum(['started', 'completed']);
const taskEventBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('message'), text: z.string(), delta: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('reasoning'), text: z.string() }),
  z.strictObject({ kind: z.literal('tool'), name: z.string(), id: z.string().optional(), status, input: z.unknown().optional(), output: z.string().optional(), isError: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('command'), command: z.string(), status, exitCode: z.number().int().nullable().optional(), output: z.string().optional() }),
  z.strictObject({ kind: z.literal('file_change'), path: z.string(), change: z.enum(['add', 'modify', 'delete', 'unknown']) }),
  z.strictObject({
    kind: z.literal('usage'),
    inputTokens: z.number().nonnegative(),
    outputTokens: z.number().nonnegative(),
    cachedTokens: z.number().nonnegative().optional(),
    costUsd: z.number().nonnegative().optional(),
    model: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('result'), text: z.string(), isError: z.boolean().optional(), sessionId: z.string().optional() }),
  z.strictObject({ kind: z.literal('error'), message: z.string() }),
  z.strictObject({ kind: z.literal('log'), stream: z.enum(['stdout', 'stderr']), text: z.string() }),
]);
