import type { TaskEventBody } from '../../../../shared/schemas/task.js';
import type { OutputParser } from '../types.js';

// CLI output is untrusted input: these readers never throw, they answer undefined.
export type Json = Record<string, unknown>;

export const asObject = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
/** Token counts and costs: a negative number is as unusable as a missing one. */
export const asCount = (value: unknown): number | undefined => {
  const number = asNumber(value);
  return number !== undefined && number >= 0 ? number : undefined;
};
export const asInteger = (value: unknown): number | undefined => (Number.isInteger(value) ? (value as number) : undefined);

const logLimit = 2_000;
/** Stray stdout as a log line, cut like the runner cuts stderr lines: a log is no place for a 100 KB blob. */
export const stdoutLog = (text: string): TaskEventBody => ({ kind: 'log', stream: 'stdout', text: text.length > logLimit ? `${text.slice(0, logLimit)}…` : text });

/** Joins the text parts of a content value that is either a string or an array of `{type:'text', text}` blocks. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((block) => asString(asObject(block)?.text) ?? '')
    .join('');
}

export type ResultEvent = Extract<TaskEventBody, { kind: 'result' }>;

export interface JsonLinesHandlers {
  /** One JSON object from stdout. */
  object(event: Json): TaskEventBody[];
  /** The process ended; only called when no `result` event was produced (a crash, a kill). */
  finalResult(exitCode: number | null): ResultEvent;
  /** The CLI's session id, as soon as it printed one. */
  sessionId?(): string | undefined;
}

/**
 * The parser shape every JSONL-speaking CLI shares: blank lines vanish, a line that is
 * not a JSON object becomes a stdout log, a handler that trips over a surprising shape
 * degrades to a log line instead of failing the run, and every run ends with a `result`
 * (the CLI's own, or the handler's fallback once the process is gone).
 */
export function jsonLinesParser(handlers: JsonLinesHandlers): OutputParser {
  let resultSeen = false;
  const watch = (events: TaskEventBody[]) => {
    resultSeen ||= events.some((event) => event.kind === 'result');
    return events;
  };
  return {
    line(text) {
      const trimmed = text.trim();
      if (!trimmed) return [];
      const event = asObject(tryJson(trimmed));
      if (!event) return [stdoutLog(text)];
      try {
        return watch(handlers.object(event));
      } catch {
        return [stdoutLog(text)];
      }
    },
    end(exitCode) {
      if (resultSeen) return [];
      resultSeen = true;
      try {
        return [handlers.finalResult(exitCode)];
      } catch (error) {
        return [{ kind: 'result', text: `could not read the agent's output: ${(error as Error).message}`, isError: true }];
      }
    },
    ...(handlers.sessionId ? { sessionId: handlers.sessionId } : {}),
  };
}

export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
