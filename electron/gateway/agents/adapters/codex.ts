import type { TaskEventBody } from '../../../../shared/schemas/task.js';
import type { AgentAdapter } from '../types.js';
import { asArray, asCount, asInteger, asObject, asString, jsonLinesParser, stdoutLog, textOf, type Json, type ResultEvent } from './json-lines.js';
import { MCP_TOKEN_ENV, modelOf, planEnv, TASK_ENV, TASK_HEADER, TOKEN_ENV } from './plan-env.js';

// Codex 0.169: `codex exec --json` prints JSONL thread events (thread.started, turn.*,
// item.started/updated/completed, error). Item shapes: openai/codex codex-rs
// exec/src/exec_events.rs (ThreadItem, CommandExecutionItem, FileChangeItem, …).
//
// The prompt goes on stdin (`codex exec` reads it there when no PROMPT is given): argv
// elements are capped at 128 KiB and visible to other local users; `-- PROMPT` would also
// work for a leading "-", but not for size or privacy.
const provider = 'agentmesh';

export const codex: AgentAdapter = {
  id: 'codex',
  label: 'Codex CLI',
  defaultBinary: 'codex',
  versionArgs: ['--version'],
  defaultCapabilities: ['code', 'edit', 'shell', 'review'],
  // Config and auth.json live in CODEX_HOME (default ~/.codex), its state database in
  // CODEX_SQLITE_HOME; a keyring credential store goes through the D-Bus session on Linux.
  loginEnv: ['CODEX_HOME', 'CODEX_SQLITE_HOME', 'DBUS_SESSION_BUS_ADDRESS'],
  rolesNative: true,

  buildSpawnPlan(task, agent, ctx) {
    const args = ['exec', '--json', '--skip-git-repo-check', '--sandbox', agent.sandbox];
    const model = modelOf(task, agent);
    if (model) args.push('--model', model);
    const env: Record<string, string> = {};
    if (ctx.gateway) {
      // A provider of our own: Codex ignores overrides of its built-in `openai` provider.
      // The token stays in env; config values only name the variables.
      const settings = {
        name: '"AgentMesh"',
        base_url: JSON.stringify(`${ctx.gateway.url}/v1`),
        wire_api: '"responses"',
        env_key: JSON.stringify(TOKEN_ENV),
        env_http_headers: `{ ${JSON.stringify(TASK_HEADER)} = ${JSON.stringify(TASK_ENV)} }`,
      };
      args.push('-c', `model_provider=${provider}`);
      for (const [key, value] of Object.entries(settings)) args.push('-c', `model_providers.${provider}.${key}=${value}`);
      env[TOKEN_ENV] = ctx.gateway.token;
    }
    const role = ctx.role;
    if (role) args.push('-c', `developer_instructions=${JSON.stringify(role.systemPrompt)}`);
    if (role?.mcp) {
      const { name, url, tools, toolTimeoutSec } = role.mcp;
      // The token stays in env: the config only names the variable.
      args.push(
        '-c', `mcp_servers.${name}.url=${JSON.stringify(url)}`,
        '-c', `mcp_servers.${name}.bearer_token_env_var=${JSON.stringify(MCP_TOKEN_ENV)}`,
        '-c', `mcp_servers.${name}.enabled_tools=${JSON.stringify(tools)}`,
        '-c', `mcp_servers.${name}.tool_timeout_sec=${toolTimeoutSec}`,
        // `exec` never asks: without this every MCP call would be refused as needing approval.
        '-c', `mcp_servers.${name}.default_tools_approval_mode="approve"`,
      );
      env[MCP_TOKEN_ENV] = role.mcp.token;
    }
    args.push(...agent.args);
    // `exec resume <id> -`: continue the session, the prompt still read from stdin.
    if (task.resumeSessionId) args.push('resume', task.resumeSessionId, '-');
    return { command: ctx.binary, args, env: planEnv(task, agent, ctx, env), stdin: task.prompt, cwd: ctx.cwd };
  },

  createParser() {
    let threadId: string | undefined;
    let lastMessage: string | undefined;
    let lastError: string | undefined;
    let plan: string | undefined;

    const result = (isError: boolean): ResultEvent => {
      const answer = lastMessage ?? plan;
      return { kind: 'result', text: (isError ? lastError : answer) ?? answer ?? '', isError, sessionId: threadId };
    };

    const started = (item: Json): TaskEventBody[] => {
      const type = itemType(item);
      if (type === 'command_execution') return [{ kind: 'command', command: asString(item.command) ?? '', status: 'started' }];
      if (type === 'mcp_tool_call' || type === 'collab_tool_call') return [{ kind: 'tool', name: toolName(item), id: asString(item.id), status: 'started', input: item.arguments ?? item.prompt }];
      if (type === 'web_search') return [{ kind: 'tool', name: 'web_search', id: asString(item.id), status: 'started', input: { query: item.query } }];
      return [];
    };

    const completed = (item: Json): TaskEventBody[] => {
      const id = asString(item.id);
      switch (itemType(item)) {
        case 'agent_message':
          lastMessage = asString(item.text) ?? '';
          return [{ kind: 'message', text: lastMessage }];
        case 'plan': {
          // Plan mode answers with a plan item; exec falls back to it when no message came.
          const text = asString(item.text) ?? '';
          plan = text;
          return text.trim() ? [{ kind: 'message', text }] : [];
        }
        case 'reasoning': {
          const text = asString(item.text) ?? '';
          return text.trim() ? [{ kind: 'reasoning', text }] : [];
        }
        case 'command_execution':
          return [{ kind: 'command', command: asString(item.command) ?? '', status: 'completed', exitCode: asInteger(item.exit_code) ?? null, output: asString(item.aggregated_output) ?? '' }];
        case 'file_change':
          return asArray(item.changes).map((raw): TaskEventBody => {
            const change = asObject(raw) ?? {};
            return { kind: 'file_change', path: asString(change.path) ?? '', change: changeKind(change.kind) };
          });
        case 'mcp_tool_call':
        case 'collab_tool_call': {
          const error = asString(asObject(item.error)?.message);
          const output = error ?? textOf(asObject(item.result)?.content);
          return [{ kind: 'tool', name: toolName(item), id, status: 'completed', output, isError: item.status === 'failed' || error !== undefined }];
        }
        case 'web_search':
          return [{ kind: 'tool', name: 'web_search', id, status: 'completed', input: { query: item.query } }];
        case 'error':
          // Error *items* are Codex's warnings (config warnings, model reroutes, unknown model
          // metadata: exec's collect_warning); the turn goes on. Failures come as `error` + `turn.failed`.
          return [stdoutLog(`warning: ${asString(item.message) ?? ''}`)];
        default:
          return [];
      }
    };

    return jsonLinesParser({
      object(event) {
        const item = asObject(event.item) ?? {};
        switch (event.type) {
          case 'thread.started':
            threadId = asString(event.thread_id);
            return [];
          case 'item.started':
            return started(item);
          case 'item.completed':
            return completed(item);
          case 'turn.completed': {
            const usage = asObject(event.usage) ?? {};
            return [
              // OpenAI usage: input_tokens already includes cached_input_tokens, as ours does.
              { kind: 'usage', inputTokens: asCount(usage.input_tokens) ?? 0, outputTokens: asCount(usage.output_tokens) ?? 0, cachedTokens: asCount(usage.cached_input_tokens) ?? 0 },
              result(false),
            ];
          }
          case 'turn.failed':
            lastError = asString(asObject(event.error)?.message) ?? 'the turn failed';
            return [{ kind: 'error', message: lastError }, result(true)];
          case 'error':
            lastError = asString(event.message) ?? 'error';
            return [{ kind: 'error', message: lastError }];
          default:
            return [];
        }
      },
      finalResult: (exitCode) => result(exitCode !== 0 || lastError !== undefined),
      sessionId: () => threadId,
    });
  },
};

const itemType = (item: Json) => asString(item.type);
// MCP calls are named server.tool; collab (sub-agent) calls collab.spawn_agent and so on.
const toolName = (item: Json) =>
  itemType(item) === 'collab_tool_call' ? `collab.${asString(item.tool) ?? 'tool'}` : [asString(item.server), asString(item.tool)].filter(Boolean).join('.') || 'mcp_tool';

const changeKinds = new Map<unknown, 'add' | 'modify' | 'delete'>([['add', 'add'], ['delete', 'delete'], ['update', 'modify']]);
const changeKind = (kind: unknown) => changeKinds.get(kind) ?? 'unknown';
