import type { TaskEvent } from '@shared/contract';

type Body<K extends TaskEvent['body']['kind']> = Extract<TaskEvent['body'], { kind: K }>;

export type TimelineItem = { key: string; ts: string } & (
  | { kind: 'message'; text: string; streaming: boolean }
  | { kind: 'reasoning'; text: string }
  | { kind: 'command'; command: string; running: boolean; exitCode: number | null; output: string }
  | { kind: 'tool'; name: string; toolId: string | null; running: boolean; input: unknown; output: string; isError: boolean }
  | { kind: 'file'; path: string; change: Body<'file_change'>['change'] }
  | { kind: 'usage'; inputTokens: number; outputTokens: number; costUsd: number | null; model: string | null }
  | { kind: 'result'; text: string; isError: boolean }
  | { kind: 'error'; message: string }
  | { kind: 'log'; stream: 'stdout' | 'stderr'; text: string }
  | { kind: 'status'; status: string; message: string | null }
  | { kind: 'progress'; percent: number | null; text: string }
);

/**
 * Folds the raw event log into what a person reads: streamed message deltas become one
 * message, a command's start and end one row with its exit code, a tool call's start and
 * result one row, consecutive log lines of a stream one block. Each thing is said once:
 * `shownElsewhere` are texts the page already shows (the result card, the error banner),
 * and a result that repeats the agent's message, or says nothing, is no row of its own.
 */
export function buildTimeline(events: readonly TaskEvent[], shownElsewhere: readonly (string | null | undefined)[] = []): TimelineItem[] {
  const said = new Set(shownElsewhere.filter((text): text is string => Boolean(text?.trim())).map((text) => text.trim()));
  const items = fold(events);
  const messages = new Set(items.flatMap((item) => (item.kind === 'message' ? [item.text.trim()] : [])));
  return items.filter((item) => {
    if (item.kind === 'message') return !said.has(item.text.trim());
    if (item.kind === 'result') return Boolean(item.text.trim()) && !said.has(item.text.trim()) && !messages.has(item.text.trim());
    return true;
  });
}

function fold(events: readonly TaskEvent[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  const openCommands: Extract<TimelineItem, { kind: 'command' }>[] = [];
  const openTools: Extract<TimelineItem, { kind: 'tool' }>[] = [];
  for (const { seq, ts, body } of events) {
    const key = String(seq);
    const last = items.at(-1);
    switch (body.kind) {
      case 'message':
        if (last?.kind === 'message' && last.streaming) {
          // Deltas accumulate; a whole message after them is the final text.
          last.text = body.delta ? last.text + body.text : body.text;
          last.streaming = Boolean(body.delta);
        } else items.push({ key, ts, kind: 'message', text: body.text, streaming: Boolean(body.delta) });
        break;
      case 'reasoning':
        if (last?.kind === 'reasoning') last.text += body.text;
        else items.push({ key, ts, kind: 'reasoning', text: body.text });
        break;
      case 'command': {
        const open = body.status === 'completed' ? findLast(openCommands, (item) => item.command === body.command) : undefined;
        if (open) {
          open.running = false;
          open.exitCode = body.exitCode ?? null;
          open.output = body.output ?? open.output;
          openCommands.splice(openCommands.indexOf(open), 1);
        } else {
          const item = { key, ts, kind: 'command' as const, command: body.command, running: body.status === 'started', exitCode: body.exitCode ?? null, output: body.output ?? '' };
          items.push(item);
          if (item.running) openCommands.push(item);
        }
        break;
      }
      case 'tool': {
        const open = body.status === 'completed' ? findLast(openTools, (item) => (body.id ? item.toolId === body.id : item.name === body.name)) : undefined;
        if (open) {
          open.running = false;
          open.output = body.output ?? open.output;
          open.isError = Boolean(body.isError);
          openTools.splice(openTools.indexOf(open), 1);
        } else {
          const item = { key, ts, kind: 'tool' as const, name: body.name, toolId: body.id ?? null, running: body.status === 'started', input: body.input, output: body.output ?? '', isError: Boolean(body.isError) };
          items.push(item);
          if (item.running) openTools.push(item);
        }
        break;
      }
      case 'file_change':
        items.push({ key, ts, kind: 'file', path: body.path, change: body.change });
        break;
      case 'usage':
        items.push({ key, ts, kind: 'usage', inputTokens: body.inputTokens, outputTokens: body.outputTokens, costUsd: body.costUsd ?? null, model: body.model ?? null });
        break;
      case 'result':
        items.push({ key, ts, kind: 'result', text: body.text, isError: Boolean(body.isError) });
        break;
      case 'error':
        items.push({ key, ts, kind: 'error', message: body.message });
        break;
      case 'log':
        if (last?.kind === 'log' && last.stream === body.stream) last.text += `\n${body.text}`;
        else items.push({ key, ts, kind: 'log', stream: body.stream, text: body.text });
        break;
      case 'status':
        items.push({ key, ts, kind: 'status', status: body.status, message: body.message ?? null });
        break;
      case 'progress':
        // Percent-only reports move one bar; lines of text stay, each with the percent it came with.
        if (last?.kind === 'progress' && !body.text && !last.text) last.percent = body.percent ?? last.percent;
        else items.push({ key, ts, kind: 'progress', percent: body.percent ?? null, text: body.text ?? '' });
        break;
    }
  }
  return items;
}

function findLast<T>(items: T[], test: (item: T) => boolean): T | undefined {
  for (let index = items.length - 1; index >= 0; index--) if (test(items[index]!)) return items[index];
  return undefined;
}
