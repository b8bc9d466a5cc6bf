import type { Command } from 'commander';
import { z } from 'zod';
import type { RequestLogEntry } from '../../../shared/contract/views.js';
import { requestQueryShape } from '../../../shared/schemas/request-log.js';
import { parseSse } from '../models/sse.js';
import { ApiClient } from './api-client.js';
import { addressOptions } from './address-options.js';
import { gatewayAddress } from './gateway-address.js';
import { clientFlagsSchema, parseFlags } from './options.js';

const logsFlagsSchema = clientFlagsSchema.extend({
  follow: z.boolean().optional(),
  limit: requestQueryShape.limit.default(20),
  status: requestQueryShape.status,
  provider: requestQueryShape.provider,
  model: requestQueryShape.model,
  task: requestQueryShape.task,
});
type LogsFlags = z.infer<typeof logsFlagsSchema>;

const ms = (value: number) => (value >= 1_000 ? `${(value / 1_000).toFixed(1)}s` : `${Math.round(value)}ms`);
const usd = (value: number) => (value >= 0.01 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`);

/**
 * One model call on one line, as a person scanning a log reads it:
 * `2026-11-22T10:15:02Z 200 chat via-chat -> chatty:chat-model 412ms ttfb 120ms in 1000 out 500 $0.0020`,
 * then the task, the fallbacks taken and the error, when there are any.
 */
export function formatRequest(entry: RequestLogEntry): string {
  const served = entry.provider ? `${entry.provider}:${entry.upstreamModel ?? '?'}` : 'no provider';
  const parts = [
    new Date(entry.ts).toISOString().replace(/\.\d+Z$/, 'Z'),
    String(entry.status),
    entry.inbound,
    `${entry.requestedModel ?? '?'} -> ${served}`,
    `${ms(entry.latencyMs)}${entry.ttfbMs !== null ? ` ttfb ${ms(entry.ttfbMs)}` : ''}`,
  ];
  if (entry.inputTokens || entry.outputTokens) parts.push(`in ${entry.inputTokens} out ${entry.outputTokens}`);
  if (entry.costUsd) parts.push(usd(entry.costUsd));
  if (entry.taskId) parts.push(entry.taskId);
  if (entry.fallbacks.length) parts.push(`fell back from ${entry.fallbacks.map((fallback) => `${fallback.provider} (${fallback.reason})`).join(', ')}`);
  if (entry.error) parts.push(`error: ${entry.error}`);
  return parts.join('  ');
}

const queryOf = (flags: LogsFlags, extra: Record<string, string>) =>
  new URLSearchParams({
    ...Object.fromEntries(Object.entries({ status: flags.status, provider: flags.provider, model: flags.model, task: flags.task }).filter(([, value]) => value !== undefined).map(([key, value]) => [key, String(value)])),
    ...extra,
  });

async function printLogs(raw: unknown): Promise<void> {
  const flags = parseFlags(logsFlagsSchema, raw);
  const { url, token } = gatewayAddress(flags);
  const api = new ApiClient(url, token);
  const print = (entry: RequestLogEntry) => void process.stdout.write(`${flags.json ? JSON.stringify(entry) : formatRequest(entry)}\n`);
  const { requests } = await api.call<{ requests: RequestLogEntry[] }>('GET', `/model-gateway/requests?${queryOf(flags, { limit: String(flags.limit) })}`);
  // Oldest first, like any log, so the newest call is the last line.
  const shown = requests.reverse();
  if (!flags.follow) {
    if (flags.json) return void process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    if (!shown.length) return void process.stdout.write('No model calls yet.\n');
    return shown.forEach(print);
  }
  shown.forEach(print);
  let last = shown.at(-1)?.id ?? 0;
  await onEveryCall(url, token, async () => {
    const { requests: newer } = await api.call<{ requests: RequestLogEntry[] }>('GET', `/model-gateway/requests?${queryOf(flags, { after: String(last), limit: '500' })}`);
    for (const entry of newer) {
      print(entry);
      last = entry.id;
    }
  });
}

/** Calls `seen` each time the gateway records a model call, until its event stream ends. */
async function onEveryCall(url: string, token: string, seen: () => Promise<void>): Promise<never> {
  const response = await fetch(`${url}/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
  if (!response.ok || !response.body) throw new Error(`cannot follow the request log: HTTP ${response.status}`);
  // One fetch at a time; calls recorded meanwhile are picked up by the next one.
  let pending = Promise.resolve();
  let again = false;
  for await (const frame of parseSse(response.body)) {
    // Once subscribed, catch up on calls made since the first page was read.
    // /events sends agentmesh 1.x's unnamed frames: the type is inside the data.
    const type = frame.event ?? typeOf(frame.data);
    if (type !== 'usage.recorded' && type !== 'connected') continue;
    if (again) continue;
    again = true;
    pending = pending.then(async () => {
      again = false;
      await seen();
    });
  }
  await pending;
  throw new Error('the gateway closed its event stream (stopped?)');
}

function typeOf(data: string): string | undefined {
  try {
    return (JSON.parse(data) as { type?: string }).type;
  } catch {
    return undefined;
  }
}

export function addLogsCommand(program: Command): void {
  addressOptions(program.command('logs'))
    .description('print the request log: one line per model call (newest last)')
    .option('--follow', 'keep printing calls as they happen')
    .option('--limit <n>', 'how many recent calls to print first', '20')
    .option('--status <status>', 'only calls with this status: 200, 404… or ok, error, 2xx, 4xx, 5xx')
    .option('--provider <id>', 'only calls served by this provider')
    .option('--model <name>', 'only calls that asked for, or were served by, this model')
    .option('--task <id>', "only an agent task's calls")
    .option('--json', 'print JSON (one object per line with --follow)')
    .action((raw) => printLogs(raw));
}
