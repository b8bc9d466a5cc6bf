import type { TaskEventBody } from '../../../../shared/schemas/task.js';
import type { AgentAdapter, OutputParser } from '../types.js';
import { asArray, asCount, asObject, asString, stdoutLog, tryJson, type Json } from './json-lines.js';
import { modelOf, planEnv } from './plan-env.js';

// OpenClaw (npm `openclaw`, a multi-channel agent gateway). Its one-shot headless entry
// point is `openclaw agent exec`: one embedded agent turn, no OpenClaw Gateway needed,
// `--message-file -` reads the prompt from stdin, `--cwd` scopes workspace and tools, and
// `--json` prints one stable envelope `{ok, status, final, payloads[], usage {input,
// output, cacheRead, cacheWrite, total}, costUsd, model, provider, sessionId, error
// {message, kind}, toolSummary}` when the run is over (docs.openclaw.ai/cli/agent,
// "agent exec"; docs/cli/agent.md in the npm package 2026.9.6). The envelope is
// pretty-printed over many lines and nothing streams before it, so the parser holds stdout
// back and reads it whole at the end. The older `openclaw agent --json` result
// `{payloads, meta: {agentMeta: {sessionId, usage, model}}}` is read too. Output that is
// no JSON at all (args that drop --json) counts as plain text: each line a message.
//
// `--timeout 0` turns off OpenClaw's own 600 s deadline: the task runner owns the timeout.
// Gateway routing is not offered: OpenClaw picks providers from its own config.
export const openclaw: AgentAdapter = {
  id: 'openclaw',
  label: 'OpenClaw',
  defaultBinary: 'openclaw',
  versionArgs: ['--version'],
  defaultCapabilities: ['code', 'edit', 'shell', 'chat'],
  // State, config and provider keys (its own .env) live under ~/.openclaw, which these move.
  loginEnv: ['OPENCLAW_HOME', 'OPENCLAW_STATE_DIR', 'OPENCLAW_CONFIG_PATH'],

  buildSpawnPlan(task, agent, ctx) {
    const args = ['agent', 'exec', '--message-file', '-', '--cwd', ctx.cwd, '--json', '--timeout', '0'];
    const model = modelOf(task, agent);
    if (model) args.push('--model', model);
    args.push(...agent.args);
    return { command: ctx.binary, args, env: planEnv(task, agent, ctx), stdin: task.prompt, cwd: ctx.cwd };
  },

  createParser(): OutputParser {
    const lines: string[] = [];
    return {
      line(text) {
        lines.push(text);
        return [];
      },
      end(exitCode) {
        try {
          return readOutput(lines, exitCode);
        } catch (error) {
          return [{ kind: 'result', text: `could not read OpenClaw's output: ${(error as Error).message}`, isError: true }];
        }
      },
    };
  },
};

function readOutput(lines: string[], exitCode: number | null): TaskEventBody[] {
  const start = lines.findIndex((line) => line.trimStart().startsWith('{'));
  const envelope = start < 0 ? undefined : asObject(tryJson(lines.slice(start).join('\n')));
  if (!envelope) return plainText(lines, exitCode);
  const before = lines.slice(0, start).filter((line) => line.trim()).map(stdoutLog);
  return [...before, ...fromEnvelope(envelope, exitCode)];
}

function plainText(lines: string[], exitCode: number | null): TaskEventBody[] {
  const texts = lines.filter((line) => line.trim());
  return [
    ...texts.map((text): TaskEventBody => ({ kind: 'message', text })),
    { kind: 'result', text: texts.join('\n'), isError: exitCode !== 0 },
  ];
}

function fromEnvelope(envelope: Json, exitCode: number | null): TaskEventBody[] {
  const agentMeta = asObject(asObject(envelope.meta)?.agentMeta) ?? {};
  const events: TaskEventBody[] = [];
  const texts: string[] = [];
  for (const raw of asArray(envelope.payloads)) {
    const payload = asObject(raw) ?? {};
    const text = asString(payload.text);
    if (!text?.trim()) continue;
    if (payload.isError === true) events.push({ kind: 'error', message: text });
    else if (payload.isReasoning === true) events.push({ kind: 'reasoning', text });
    else {
      events.push({ kind: 'message', text });
      if (payload.isCommentary !== true) texts.push(text);
    }
  }
  const tools = asObject(envelope.toolSummary) ?? asObject(asObject(envelope.meta)?.toolSummary);
  const toolNames = asArray(tools?.tools).map(String);
  if (toolNames.length) events.push(stdoutLog(`openclaw tools: ${toolNames.join(', ')} (${asCount(tools?.calls) ?? toolNames.length} calls)`));

  const usage = asObject(envelope.usage) ?? asObject(agentMeta.usage);
  if (usage) {
    const cached = asCount(usage.cacheRead) ?? 0;
    const provider = asString(envelope.provider) ?? asString(agentMeta.provider);
    const model = asString(envelope.model) ?? asString(agentMeta.model);
    events.push({
      kind: 'usage',
      // OpenClaw's `input` leaves out cache reads and writes (total = input + output + cacheRead + cacheWrite).
      inputTokens: (asCount(usage.input) ?? 0) + cached + (asCount(usage.cacheWrite) ?? 0),
      outputTokens: asCount(usage.output) ?? 0,
      cachedTokens: cached,
      costUsd: asCount(envelope.costUsd) ?? asCount(agentMeta.costUsd),
      model: model && provider ? `${provider}/${model}` : model,
    });
  }
  const errorMessage = asString(asObject(envelope.error)?.message);
  if (errorMessage) events.push({ kind: 'error', message: errorMessage });
  const failed = envelope.ok === false || (envelope.status !== undefined && envelope.status !== 'ok') || exitCode !== 0;
  const final = asString(envelope.final) ?? texts.join('\n');
  events.push({
    kind: 'result',
    text: failed && !final ? (errorMessage ?? 'the OpenClaw run failed') : final,
    isError: failed,
    sessionId: asString(envelope.sessionId) || asString(agentMeta.sessionId),
  });
  return events;
}
