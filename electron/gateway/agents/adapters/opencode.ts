import type { TaskEventBody } from '../../../../shared/schemas/task.js';
import type { AgentAdapter, SpawnContext } from '../types.js';
import { asCount, asInteger, asObject, asString, jsonLinesParser, type Json } from './json-lines.js';
import { modelOf, planEnv, TASK_ENV, TASK_HEADER, TOKEN_ENV } from './plan-env.js';

// opencode (opencode-ai 1.18): `opencode run --format json` prints one JSON object per line,
// `{type, timestamp, sessionID, part}` with type `step_start`, `text`, `reasoning` (with
// --thinking), `tool_use` (part.tool, part.callID, part.state {status, input, output,
// error, metadata}), `step_finish` (part.tokens {input, output, reasoning, cache {read,
// write}}, part.cost) and `error` ({error: {name, data: {message}}}). Seen in the `run`
// command of sst/opencode and in the output of the real binary; opencode.ai/docs/cli/commands.
//
// `run` reads stdin when it is not a TTY and uses it verbatim, whereas message arguments
// are joined with spaces and re-quoted when they contain one: the prompt goes on stdin.
const provider = 'agentmesh';

export const opencode: AgentAdapter = {
  id: 'opencode',
  label: 'opencode',
  defaultBinary: 'opencode',
  versionArgs: ['--version'],
  defaultCapabilities: ['code', 'edit', 'shell'],
  // Logins are in $XDG_DATA_HOME/opencode/auth.json and config in $XDG_CONFIG_HOME/opencode
  // (both in the base environment); these two point at another config file or directory.
  loginEnv: ['OPENCODE_CONFIG', 'OPENCODE_CONFIG_DIR'],

  buildSpawnPlan(task, agent, ctx) {
    const args = ['run', '--format', 'json', '--thinking'];
    const model = modelOf(task, agent);
    const env: Record<string, string> = {};
    // Routing adds the gateway as a provider; opencode addresses models as provider/model, so
    // without a model name there is nothing to route and opencode keeps its own default.
    if (ctx.gateway && model) {
      env.OPENCODE_CONFIG_CONTENT = gatewayConfig(ctx.gateway, model);
      env[TOKEN_ENV] = ctx.gateway.token;
      args.push('--model', `${provider}/${model}`);
    } else if (model) {
      args.push('--model', model);
    }
    // Without --auto, `run` rejects whatever the user's opencode permissions say to ask about.
    if (agent.autoApprove) args.push('--auto');
    args.push(...agent.args);
    return { command: ctx.binary, args, env: planEnv(task, agent, ctx, env), stdin: task.prompt, cwd: ctx.cwd };
  },

  createParser() {
    let sessionId: string | undefined;
    // Text parts since the last tool call: the final answer.
    let answer: string[] = [];
    let lastError: string | undefined;

    const tool = (part: Json): TaskEventBody[] => {
      answer = [];
      const name = asString(part.tool) ?? 'tool';
      const id = asString(part.callID) ?? asString(part.id);
      const state = asObject(part.state) ?? {};
      const isError = state.status === 'error';
      const output = (isError ? asString(state.error) : asString(state.output)) ?? '';
      // opencode prints a tool only once it finished: started and completed arrive together.
      const command = name === 'bash' ? asString(asObject(state.input)?.command) : undefined;
      if (command === undefined) {
        return [
          { kind: 'tool', name, id, status: 'started', input: state.input },
          { kind: 'tool', name, id, status: 'completed', output, isError },
        ];
      }
      return [
        { kind: 'tool', name, id, status: 'started', input: state.input },
        { kind: 'command', command, status: 'started' },
        { kind: 'tool', name, id, status: 'completed', output, isError },
        { kind: 'command', command, status: 'completed', exitCode: asInteger(asObject(state.metadata)?.exit) ?? null, output },
      ];
    };

    const usage = (part: Json): TaskEventBody[] => {
      const tokens = asObject(part.tokens);
      if (!tokens) return [];
      const cache = asObject(tokens.cache) ?? {};
      const cached = asCount(cache.read) ?? 0;
      return [
        {
          kind: 'usage',
          // opencode counts cache reads and writes apart from `input`; ours include them. One per step: usage events add up.
          inputTokens: (asCount(tokens.input) ?? 0) + cached + (asCount(cache.write) ?? 0),
          outputTokens: (asCount(tokens.output) ?? 0) + (asCount(tokens.reasoning) ?? 0),
          cachedTokens: cached,
          costUsd: asCount(part.cost),
        },
      ];
    };

    return jsonLinesParser({
      object(event) {
        sessionId ??= asString(event.sessionID);
        const part = asObject(event.part) ?? {};
        switch (event.type) {
          case 'text': {
            const text = asString(part.text) ?? '';
            if (!text.trim()) return [];
            answer.push(text);
            return [{ kind: 'message', text }];
          }
          case 'reasoning': {
            const text = asString(part.text) ?? '';
            return text.trim() ? [{ kind: 'reasoning', text }] : [];
          }
          case 'tool_use':
            return tool(part);
          case 'step_finish':
            return usage(part);
          case 'error': {
            const error = asObject(event.error) ?? {};
            lastError = asString(asObject(error.data)?.message) ?? asString(error.name) ?? 'error';
            return [{ kind: 'error', message: lastError }];
          }
          default:
            return [];
        }
      },
      // opencode prints no final event: the answer is known once the process is gone.
      finalResult: (exitCode) => {
        const isError = exitCode !== 0 || lastError !== undefined;
        const text = answer.join('\n');
        return { kind: 'result', text: isError && !text ? (lastError ?? '') : text, isError, sessionId };
      },
    });
  },
};

/**
 * An inline config (OPENCODE_CONFIG_CONTENT) adding the gateway as an OpenAI-compatible
 * provider. It names the token's env var (`{env:…}` is expanded by opencode), never the token.
 */
function gatewayConfig(gateway: NonNullable<SpawnContext['gateway']>, model: string): string {
  return JSON.stringify({
    provider: {
      [provider]: {
        npm: '@ai-sdk/openai-compatible',
        name: 'AgentMesh',
        options: { baseURL: `${gateway.url}/v1`, apiKey: `{env:${TOKEN_ENV}}`, headers: { [TASK_HEADER]: `{env:${TASK_ENV}}` } },
        models: { [model]: { name: model } },
      },
    },
  });
}
