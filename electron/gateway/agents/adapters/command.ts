import { z } from 'zod';
import type { TaskEventBody } from '../../../../shared/schemas/task.js';
import type { AgentAdapter, OutputParser } from '../types.js';
import { tryJson } from './json-lines.js';
import { GATEWAY_URL_ENV, MCP_TOKEN_ENV, MCP_URL_ENV, modelOf, planEnv, TOKEN_ENV } from './plan-env.js';

/** A command agent's own session to continue (see the `session` line below). */
export const RESUME_ENV = 'AGENTMESH_RESUME_SESSION_ID';

/*
 * The `command` adapter runs any program as an agent.
 *
 * Spawn: `path` is the executable; each element of `args` is a template in which
 * `{prompt}`, `{cwd}`, `{taskId}` and `{model}` are replaced (in one pass, so a prompt that
 * contains "{cwd}" stays as written; an unset model becomes ""). Each element stays one
 * argument whatever the values contain. When no element mentions `{prompt}`, the prompt
 * is written to stdin, which is then closed. A value must not begin an argument with "-"
 * unless a "--" element comes before it: a prompt like "-rf …" would otherwise reach the
 * program as an option, so such a task fails before anything runs, saying how to write the
 * template (`["--", "{prompt}"]`, or `--task={prompt}` as one element). AGENTMESH_TASK_ID carries the task id. With
 * routeModelsThroughGateway, AGENTMESH_GATEWAY_URL and AGENTMESH_TOKEN (a token scoped to the
 * task) let the program make model calls through the gateway, booked to its task. In the
 * orchestrator role, AGENTMESH_MCP_URL and AGENTMESH_MCP_TOKEN let it call the runtime tools.
 *
 * Output protocol (stdout, one line each):
 * - A JSON object whose `type` is one of the event kinds below becomes that event:
 *     {"type":"message","text":"…"}                   {"type":"reasoning","text":"…"}
 *     {"type":"tool","name":"…","status":"started"|"completed","id"?,"input"?,"output"?,"isError"?}
 *     {"type":"command","command":"…","status":"started"|"completed","exitCode"?,"output"?}
 *     {"type":"file_change","path":"…","change":"add"|"modify"|"delete"|"unknown"}
 *     {"type":"usage","inputTokens":0,"outputTokens":0,"cachedTokens"?,"costUsd"?,"model"?}
 *     {"type":"error","message":"…"}                  {"type":"result","text":"…","isError"?}
 * - {"type":"session","id":"…"} names the program's own session: when the task is interrupted,
 *   a re-run gets it back in AGENTMESH_RESUME_SESSION_ID, to continue where it stopped.
 * - Any other line (plain text, other JSON) is a message with that line as its text.
 * - When the program exits without having printed a result, the last non-empty message
 *   is the result (an error result if the exit code is not 0).
 */
export const command: AgentAdapter = {
  id: 'command',
  label: 'Command',
  // No conventional binary: the agent config's `path` names it.
  defaultBinary: '',
  defaultCapabilities: [],
  // Anything else the program needs: the agent's `env`, or names in its `inheritEnv`.
  loginEnv: [],

  buildSpawnPlan(task, agent, ctx) {
    const executable = ctx.binary || agent.path;
    if (!executable) throw new Error(`Agent '${agent.id}' uses the command adapter but names no executable: set its path`);
    const values: Record<string, string> = { prompt: task.prompt, cwd: ctx.cwd, taskId: task.id, model: modelOf(task, agent) ?? '' };
    const args = agent.args.map((template) => template.replace(placeholder, (_, name: string) => values[name] ?? ''));
    refuseValueAsOption(agent.args, args, executable);
    const promptInArgs = agent.args.some((template) => template.includes('{prompt}'));
    const gatewayEnv: Record<string, string> = ctx.gateway ? { [GATEWAY_URL_ENV]: ctx.gateway.url, [TOKEN_ENV]: ctx.gateway.token } : {};
    if (task.resumeSessionId) gatewayEnv[RESUME_ENV] = task.resumeSessionId;
    // In the orchestrator role a program calls the runtime tools itself, over MCP.
    if (ctx.role?.mcp) Object.assign(gatewayEnv, { [MCP_URL_ENV]: ctx.role.mcp.url, [MCP_TOKEN_ENV]: ctx.role.mcp.token });
    return { command: executable, args, env: planEnv(task, agent, ctx, gatewayEnv), stdin: promptInArgs ? undefined : task.prompt, cwd: ctx.cwd };
  },

  createParser(): OutputParser {
    let lastMessage = '';
    let sessionId: string | undefined;
    let resultSeen = false;
    return {
      line(text) {
        if (!text.trim()) return [];
        const json = tryJson(text.trim());
        const session = sessionLine.safeParse(json);
        if (session.success) {
          sessionId = session.data.id;
          return [];
        }
        const parsed = protocolLine.safeParse(json);
        const event: TaskEventBody = parsed.success ? parsed.data : { kind: 'message', text };
        if (event.kind === 'message' && event.text.trim()) lastMessage = event.text;
        resultSeen ||= event.kind === 'result';
        return [event];
      },
      end(exitCode) {
        if (resultSeen) return [];
        resultSeen = true;
        return [{ kind: 'result', text: lastMessage, isError: exitCode !== 0 }];
      },
      sessionId: () => sessionId,
    };
  },
};

const placeholder = /\{(prompt|cwd|taskId|model)\}/g;

/**
 * Whether the program will read an argument as an option is up to its parser, but after a
 * "--" element every parser we know of stops reading options; an option's value written
 * in the same element (`--task={prompt}`) cannot be mistaken either. Anything else that a
 * substituted value makes start with "-" is refused rather than guessed at.
 */
function refuseValueAsOption(templates: string[], args: string[], executable: string): void {
  const end = templates.indexOf('--');
  args.forEach((arg, index) => {
    if ((end !== -1 && index > end) || !arg.startsWith('-')) return;
    const leading = /^\{(prompt|cwd|taskId|model)\}/.exec(templates[index] ?? '')?.[1];
    if (!leading) return;
    const what = leading === 'prompt' ? 'the prompt' : `{${leading}} ("${arg.slice(0, 40)}")`;
    throw new Error(
      `${what} starts with "-", which ${executable} would read as an option: put a "--" element before {${leading}} in the agent's args (e.g. ["--", "{${leading}}"]) if the program accepts it, or pass it as one element such as "--task={${leading}}"`,
    );
  });
}

const status = z.enum(['started', 'completed']);
const sessionLine = z.object({ type: z.literal('session'), id: z.string().min(1).max(200) });
const protocolLine = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('message'), text: z.string(), delta: z.boolean().optional() }),
    z.object({ type: z.literal('reasoning'), text: z.string() }),
    z.object({ type: z.literal('tool'), name: z.string(), status, id: z.string().optional(), input: z.unknown().optional(), output: z.string().optional(), isError: z.boolean().optional() }),
    z.object({ type: z.literal('command'), command: z.string(), status, exitCode: z.number().int().nullable().optional(), output: z.string().optional() }),
    z.object({ type: z.literal('file_change'), path: z.string(), change: z.enum(['add', 'modify', 'delete', 'unknown']) }),
    z.object({
      type: z.literal('usage'),
      inputTokens: z.number().nonnegative(),
      outputTokens: z.number().nonnegative(),
      cachedTokens: z.number().nonnegative().optional(),
      costUsd: z.number().nonnegative().optional(),
      model: z.string().optional(),
    }),
    z.object({ type: z.literal('error'), message: z.string() }),
    z.object({ type: z.literal('result'), text: z.string(), isError: z.boolean().optional(), sessionId: z.string().optional() }),
  ])
  .transform(({ type, ...rest }) => ({ kind: type, ...rest }) as TaskEventBody);
