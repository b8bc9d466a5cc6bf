import type { TaskEventBody } from '../../../../shared/schemas/task.js';
import type { AgentAdapter } from '../types.js';
import { asArray, asCount, asObject, asString, jsonLinesParser, stdoutLog, textOf, type Json } from './json-lines.js';
import { MCP_TOKEN_ENV, modelOf, planEnv, TASK_HEADER } from './plan-env.js';

// Claude Code 2.1: `claude -p --output-format stream-json --verbose` prints NDJSON
// (`system` init, `assistant`/`user` messages with content blocks, a final `result`).
//
// The prompt goes on stdin, not argv: Linux caps one argv element at 128 KiB (a task
// prompt with shared-space history can be larger), argv is readable by every local user
// through /proc, and a prompt starting with "-" would parse as an option.
export const claudeCode: AgentAdapter = {
  id: 'claude-code',
  label: 'Claude Code',
  defaultBinary: 'claude',
  versionArgs: ['--version'],
  defaultCapabilities: ['code', 'edit', 'shell', 'review'],
  // Settings and the login (.credentials.json; the Keychain on macOS) live in
  // CLAUDE_CONFIG_DIR (default ~/.claude); ANTHROPIC_CONFIG_DIR moves its credential profiles.
  loginEnv: ['CLAUDE_CONFIG_DIR', 'ANTHROPIC_CONFIG_DIR'],
  rolesNative: true,

  buildSpawnPlan(task, agent, ctx) {
    const args = ['-p', '--output-format', 'stream-json', '--verbose'];
    const model = modelOf(task, agent);
    if (model) args.push('--model', model);
    if (task.resumeSessionId) args.push('--resume', task.resumeSessionId);
    const role = ctx.role;
    if (role) args.push('--append-system-prompt', role.systemPrompt);
    // The token reaches the config through ${VAR} expansion, so it stays out of argv.
    if (role?.mcp) args.push('--mcp-config', JSON.stringify({ mcpServers: { [role.mcp.name]: { type: 'http', url: role.mcp.url, headers: { Authorization: `Bearer \${${MCP_TOKEN_ENV}}` } } } }));
    // Claude Code refuses --dangerously-skip-permissions as root unless IS_SANDBOX=1. Whether
    // the runner is root is not the plan's business (plans are pure), so the flag always
    // comes with IS_SANDBOX=1: the user asked for "bypass" either way.
    const bypass = agent.permissionMode === 'bypassPermissions';
    if (bypass) args.push('--dangerously-skip-permissions');
    else args.push('--permission-mode', agent.permissionMode);
    args.push(...agent.args);
    // Last on purpose: --allowedTools is variadic and would swallow a following positional.
    const allowed = [...agent.allowedTools, ...(role?.mcp ? role.mcp.tools.map((tool) => claudeMcpToolName(role.mcp!.name, tool)) : [])];
    if (allowed.length) args.push('--allowedTools', ...allowed);

    const env: Record<string, string> = bypass ? { IS_SANDBOX: '1' } : {};
    if (role?.mcp) {
      env[MCP_TOKEN_ENV] = role.mcp.token;
      // Claude Code's own default wait for an MCP tool is shorter than a blocking dispatch.
      env.MCP_TOOL_TIMEOUT = String(role.mcp.toolTimeoutSec * 1000);
    }
    if (ctx.gateway) {
      Object.assign(env, {
        ANTHROPIC_BASE_URL: ctx.gateway.url,
        ANTHROPIC_AUTH_TOKEN: ctx.gateway.token,
        // An inherited key would be sent as x-api-key next to the bearer token; blank it.
        ANTHROPIC_API_KEY: '',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        ANTHROPIC_CUSTOM_HEADERS: `${TASK_HEADER}: ${task.id}`,
      });
    }
    return { command: ctx.binary, args, env: planEnv(task, agent, ctx, env), stdin: task.prompt, cwd: ctx.cwd };
  },

  createParser() {
    let model: string | undefined;
    let sessionId: string | undefined;
    let lastText = '';
    // tool_use id -> what a later tool_result completes.
    const pending = new Map<string, { name: string; command?: string }>();

    const assistant = (message: Json): TaskEventBody[] =>
      asArray(message.content).flatMap((raw): TaskEventBody[] => {
        const block = asObject(raw) ?? {};
        if (block.type === 'text') {
          const text = asString(block.text) ?? '';
          if (!text.trim()) return [];
          lastText = text;
          return [{ kind: 'message', text }];
        }
        if (block.type === 'thinking') {
          const text = asString(block.thinking) ?? '';
          return text.trim() ? [{ kind: 'reasoning', text }] : [];
        }
        if (block.type !== 'tool_use') return [];
        const name = asString(block.name) ?? 'tool';
        const id = asString(block.id);
        const command = name === 'Bash' ? asString(asObject(block.input)?.command) : undefined;
        if (id) pending.set(id, { name, command });
        const events: TaskEventBody[] = [{ kind: 'tool', name, id, status: 'started', input: block.input }];
        if (command !== undefined) events.push({ kind: 'command', command, status: 'started' });
        return events;
      });

    const toolResults = (event: Json): TaskEventBody[] => {
      const blocks = asArray(asObject(event.message)?.content).map((raw) => asObject(raw) ?? {}).filter((block) => block.type === 'tool_result');
      // `tool_use_result` (the tool's raw stdout/stderr) sits beside the message: only unambiguous with one result.
      const raw = blocks.length === 1 ? asObject(event.tool_use_result) : undefined;
      return blocks.flatMap((block): TaskEventBody[] => {
        const id = asString(block.tool_use_id);
        const call = (id && pending.get(id)) || { name: 'tool' };
        if (id) pending.delete(id);
        const output = textOf(block.content);
        const isError = block.is_error === true;
        const events: TaskEventBody[] = [{ kind: 'tool', name: call.name, id, status: 'completed', output, isError }];
        if (call.command === undefined) return events;
        const streams = raw ? [asString(raw.stdout), asString(raw.stderr)].filter(Boolean).join('\n') : output;
        events.push({ kind: 'command', command: call.command, status: 'completed', exitCode: bashExitCode(output, isError), output: streams });
        return events;
      });
    };

    const result = (event: Json): TaskEventBody[] => {
      const usage = asObject(event.usage);
      const events: TaskEventBody[] = [];
      if (usage) {
        const cached = asCount(usage.cache_read_input_tokens) ?? 0;
        events.push({
          kind: 'usage',
          // Anthropic counts cache reads and writes apart from input_tokens; ours include them.
          inputTokens: (asCount(usage.input_tokens) ?? 0) + cached + (asCount(usage.cache_creation_input_tokens) ?? 0),
          outputTokens: asCount(usage.output_tokens) ?? 0,
          cachedTokens: cached,
          costUsd: asCount(event.total_cost_usd),
          model,
        });
      }
      const errors = asArray(event.errors).map(String).join('\n');
      const text = asString(event.result) ?? (errors || asString(event.subtype) || '');
      events.push({ kind: 'result', text, isError: event.is_error === true, sessionId: asString(event.session_id) });
      return events;
    };

    return jsonLinesParser({
      object(event) {
        switch (event.type) {
          case 'system':
            if (event.subtype === 'init') {
              model = asString(event.model);
              sessionId = asString(event.session_id) ?? sessionId;
              return [];
            }
            return [stdoutLog(`claude: ${asString(event.subtype) ?? 'system event'}`)];
          case 'assistant':
            return assistant(asObject(event.message) ?? {});
          case 'user':
            return toolResults(event);
          case 'result':
            return result(event);
          default:
            // stream_event (partial messages), hook events, prompt suggestions: not task events.
            return [];
        }
      },
      // Killed or crashed before its `result` line.
      finalResult: (exitCode) => ({ kind: 'result', text: lastText, isError: exitCode !== 0, sessionId }),
      sessionId: () => sessionId,
    });
  },
};

/** The Bash tool reports no exit code field; a failed run's text starts with it ("Exit code 2\n…"). */
function bashExitCode(output: string, isError: boolean): number | null {
  if (!isError) return 0;
  // Anything else (a blocked or denied command) never ran.
  const match = /^Exit code (\d+)\b/.exec(output);
  return match ? Number(match[1]) : null;
}

/**
 * How Claude Code names a tool of an MCP server: mcp__<server>__<tool>, each character a model
 * API refuses in a tool name (the runtime tools' dot) turned into "_": agent.dispatch is
 * mcp__agentmesh__agent_dispatch.
 */
export const claudeMcpToolName = (server: string, tool: string) => `mcp__${server}__${tool}`.replace(/[^A-Za-z0-9_-]/g, '_');
