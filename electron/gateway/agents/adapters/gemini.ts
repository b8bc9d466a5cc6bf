import type { TaskEventBody } from '../../../../shared/schemas/task.js';
import type { AgentAdapter } from '../types.js';
import { asCount, asObject, asString, jsonLinesParser, stdoutLog } from './json-lines.js';
import { modelOf, planEnv } from './plan-env.js';

// Gemini CLI (@google/gemini-cli 0.61): `--output-format stream-json` prints JSONL events
// `init {session_id, model}`, `message {role, content, delta}`, `tool_use {tool_name,
// tool_id, parameters}`, `tool_result {tool_id, status, output, error}`, `error {severity,
// message}` and a final `result {status, stats}` (packages/core/src/output/types.ts and the
// non-interactive runner of google-gemini/gemini-cli; geminicli.com/docs/cli/headless).
//
// Without a TTY Gemini runs headless and reads the prompt from stdin (`-p` would only be
// appended to it), which keeps the prompt out of argv. Headless runs refuse an untrusted
// folder (exit 55); the task's cwd was chosen by whoever submitted the task, so trust it.
//
// Gateway routing is not offered: Gemini speaks the Gemini API, which the gateway does not serve.
const shellTool = 'run_shell_command';

export const gemini: AgentAdapter = {
  id: 'gemini',
  label: 'Gemini CLI',
  defaultBinary: 'gemini',
  versionArgs: ['--version'],
  defaultCapabilities: ['code', 'edit', 'shell'],
  // GEMINI_CLI_HOME replaces the home under which ~/.gemini (settings, oauth_creds.json)
  // is found; GEMINI_FORCE_FILE_STORAGE picks file over keyring (D-Bus on Linux) for the
  // login; a Workspace "Login with Google" names its GOOGLE_CLOUD_PROJECT (and location).
  loginEnv: ['GEMINI_CLI_HOME', 'GEMINI_FORCE_FILE_STORAGE', 'DBUS_SESSION_BUS_ADDRESS', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_LOCATION'],

  buildSpawnPlan(task, agent, ctx) {
    const args = ['--output-format', 'stream-json'];
    const model = modelOf(task, agent);
    if (model) args.push('--model', model);
    // Explicit either way, so a user-level default of "yolo" cannot outvote autoApprove: false.
    args.push('--approval-mode', agent.autoApprove ? 'yolo' : 'default', ...agent.args);
    return { command: ctx.binary, args, env: planEnv(task, agent, ctx, { GEMINI_CLI_TRUST_WORKSPACE: 'true' }), stdin: task.prompt, cwd: ctx.cwd };
  },

  createParser() {
    let sessionId: string | undefined;
    let model: string | undefined;
    // Text since the last tool call: the answer, as Gemini's own `json` output computes it.
    let answer = '';
    let lastError: string | undefined;
    const tools = new Map<string, { name: string; command?: string }>();

    return jsonLinesParser({
      object(event) {
        switch (event.type) {
          case 'init':
            sessionId = asString(event.session_id);
            model = asString(event.model);
            return [];
          case 'message': {
            const text = asString(event.content) ?? '';
            if (event.role !== 'assistant' || !text) return [];
            answer += text;
            return [{ kind: 'message', text, delta: event.delta === true }];
          }
          case 'tool_use': {
            answer = '';
            const name = asString(event.tool_name) ?? 'tool';
            const id = asString(event.tool_id);
            const command = name === shellTool ? asString(asObject(event.parameters)?.command) : undefined;
            if (id) tools.set(id, { name, command });
            const events: TaskEventBody[] = [{ kind: 'tool', name, id, status: 'started', input: event.parameters }];
            if (command !== undefined) events.push({ kind: 'command', command, status: 'started' });
            return events;
          }
          case 'tool_result': {
            const id = asString(event.tool_id);
            const call = (id && tools.get(id)) || { name: 'tool' };
            const isError = event.status === 'error';
            const output = (isError ? asString(asObject(event.error)?.message) : undefined) ?? asString(event.output) ?? '';
            // Gemini reports no exit code for the shell tool.
            const events: TaskEventBody[] = [{ kind: 'tool', name: call.name, id, status: 'completed', output, isError }];
            if (call.command !== undefined) events.push({ kind: 'command', command: call.command, status: 'completed', output });
            return events;
          }
          case 'error': {
            const message = asString(event.message) ?? 'error';
            if (event.severity !== 'error') return [stdoutLog(`warning: ${message}`)];
            lastError = message;
            return [{ kind: 'error', message }];
          }
          case 'result': {
            const stats = asObject(event.stats) ?? {};
            const isError = event.status !== 'success';
            return [
              // input_tokens is Gemini's promptTokenCount, which includes the cached part.
              { kind: 'usage', inputTokens: asCount(stats.input_tokens) ?? 0, outputTokens: asCount(stats.output_tokens) ?? 0, cachedTokens: asCount(stats.cached) ?? 0, model },
              { kind: 'result', text: isError && !answer ? (lastError ?? 'the run failed') : answer, isError, sessionId },
            ];
          }
          default:
            return [];
        }
      },
      // A fatal error (auth, input) is printed to stderr and ends the process without a `result`.
      finalResult: (exitCode) => ({ kind: 'result', text: answer || (lastError ?? ''), isError: exitCode !== 0 || lastError !== undefined, sessionId }),
    });
  },
};
