import { z } from 'zod';
import {
  catalogLayers,
  checkDeploy,
  controlBodySchema,
  deployFieldsSchema,
  dispatchBodySchema,
} from '../../../shared/schemas/orchestration.js';
import { searchModes } from '../../../shared/schemas/memory.js';
import { terminalStatuses } from '../../../shared/schemas/task.js';
import type { Caller, Orchestration } from '../orchestration/create-orchestration.js';
import { runtimeTask } from '../orchestration/runtime-tasks.js';
import { waitForTaskEnd } from '../orchestration/wait-for-task.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { SpaceMemory } from '../memory/space-memory.js';
import type { TaskStore } from '../tasks/task-store.js';
import { HttpError } from '../http/http-error.js';

/** What a runtime tool may use, and who calls it. */
export interface ToolContext {
  orchestration: Orchestration;
  taskStore: TaskStore;
  bus: EventBus<GatewayEvents>;
  caller: Caller;
  signal: AbortSignal;
  /** Space memory (memory.search); absent where the gateway has none to offer. */
  memory?: Pick<SpaceMemory, 'search'>;
}

/** One tool of the MCP server: its name (as the spec spells it), what it is for, its input, what it does. */
export interface RuntimeTool<I extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  input: I;
  /** Called with the input as the schema parsed it. */
  run(args: z.output<I>, ctx: ToolContext): Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** Types a tool's `run` by its own schema, then lets it join the list. */
const tool = <I extends z.ZodObject>(definition: RuntimeTool<I>): RuntimeTool => definition as unknown as RuntimeTool;

const taskIdInput = z.strictObject({ taskId: z.string().min(1).describe('a task id (task_…)') });

function requireTask(ctx: ToolContext, taskId: string) {
  const task = ctx.taskStore.get(taskId);
  if (!task) throw new HttpError(404, 'TASK_NOT_FOUND', `No task '${taskId}'`);
  return task;
}

/**
 * The runtime tools, as data: the MCP server registers each, and the orchestrator role allows
 * exactly these names. A tool added here is one entry.
 */
export const runtimeTools: RuntimeTool[] = [
  tool({
    name: 'agent.list',
    description: 'List the agents of the team: state, role, instances (running/queued/max) and tags. Also startup targets and templates.',
    input: z.strictObject({ layer: z.enum(catalogLayers).default('summary').describe('how much to tell per agent') }),
    run: (args, ctx) => ({ ...ctx.orchestration.catalog(args.layer) }),
  }),
  tool({
    name: 'agent.capabilities',
    description: "An agent's capabilities in layers: summary (role, state, source, tags), execution (tools, dispatch targets, control actions), governance (allow/deny, approval, provider and budgets), or full.",
    input: z.strictObject({ agentId: z.string().min(1).optional().describe('one agent (default: all)'), layer: z.enum(catalogLayers).default('full') }),
    run(args, ctx) {
      const catalog = ctx.orchestration.catalog(args.layer);
      const agents = args.agentId ? catalog.agents.filter((agent) => agent.id === args.agentId) : catalog.agents;
      if (args.agentId && !agents.length) throw new HttpError(404, 'AGENT_NOT_FOUND', `No agent '${args.agentId}'`);
      return { layer: args.layer, agents };
    },
  }),
  tool({
    name: 'agent.deploy',
    description: 'Start instances in the resource pool: more concurrent slots of a CLI agent, or a derived agent from a template (orchestrator-loop, reviewer-loop, executor-loop). scope "session" ends them with the session.',
    input: deployFieldsSchema.extend({ launchMode: z.enum(['manual', 'orchestrator']).default('orchestrator') }),
    run(args, ctx) {
      const checked = deployFieldsSchema.superRefine(checkDeploy).safeParse(args);
      if (!checked.success) throw new HttpError(400, 'INVALID_REQUEST', checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      return { ...ctx.orchestration.deploy({ ...checked.data, launchMode: args.launchMode }) };
    },
  }),
  tool({
    name: 'agent.dispatch',
    description: 'Give a task to another agent. With blocking (the default here) the call returns when the task ended, with its result; otherwise at once with its taskId (see task.status, task.result).',
    input: dispatchBodySchema.extend({ blocking: z.boolean().default(true).describe('wait for the task to end and return its result') }),
    run: async (args, ctx) => ({ ...(await ctx.orchestration.dispatch(args, ctx.caller, ctx.signal)) }),
  }),
  tool({
    name: 'agent.control',
    description: 'status of an agent, session or workflow; pause/resume an agent (its queue holds) or a provider (routing skips it); interrupt (resumable) or cancel tasks; hard: kill at once.',
    input: controlBodySchema,
    run: async (args, ctx) => ({ ...(await ctx.orchestration.control(args, ctx.caller)) }),
  }),
  tool({
    name: 'task.status',
    description: "A task's status, and the status of every task dispatched from it.",
    input: taskIdInput,
    run: (args, ctx) => {
      requireTask(ctx, args.taskId);
      const tree = ctx.orchestration.tree(args.taskId);
      const { result: _result, children, ...status } = tree;
      return { ...status, children: children.map(({ children: _grandchildren, result: _childResult, ...child }) => child) };
    },
  }),
  tool({
    name: 'task.result',
    description: "A task's result (or error) once it ended; with wait, waits for it to end first.",
    input: taskIdInput.extend({ wait: z.boolean().default(false) }),
    async run(args, ctx) {
      const task = requireTask(ctx, args.taskId);
      const current = args.wait && !terminalStatuses.includes(task.status) ? await waitForTaskEnd(ctx.bus, ctx.taskStore, task.id, ctx.signal) : task;
      return { ...runtimeTask(current), ended: terminalStatuses.includes(current.status) };
    },
  }),
  tool({
    name: 'memory.search',
    description:
      "Search what the team's shared spaces hold (messages, task results, artifacts) by words and meaning: \"what did the reviewer say about the auth module?\". Without spaces, the calling task's space, else every space.",
    input: z.strictObject({
      query: z.string().trim().min(1).max(4_000).describe('what to look for, in your words'),
      spaces: z.array(z.string().min(1)).optional().describe('space ids (space_…) to search'),
      mode: z.enum(searchModes).default('hybrid').describe('hybrid (words and meaning), text, or vector'),
      limit: z.number().int().min(1).max(50).default(10),
    }),
    async run(args, ctx) {
      if (!ctx.memory) throw new HttpError(503, 'MEMORY_UNAVAILABLE', 'Space memory is not available on this face');
      const own = ctx.caller.taskId ? ctx.taskStore.get(ctx.caller.taskId)?.space_id : undefined;
      const spaces = args.spaces ?? (own ? [own] : null);
      const found = await ctx.memory.search({ q: args.query, spaces, mode: args.mode, limit: args.limit });
      // The snippet's HTML is for pages; a model reads the chunk's text.
      return { ...found, spaces, results: found.results.map(({ snippet: _snippet, ...hit }) => hit) };
    },
  }),
];

export const runtimeToolNames = () => runtimeTools.map((tool) => tool.name);
