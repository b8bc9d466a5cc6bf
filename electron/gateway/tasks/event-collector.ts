import type { TaskEventBody, TaskUsage } from '../../../shared/schemas/task.js';

export type EventSummary = ReturnType<ReturnType<typeof collectEvents>['summary']>;

/** Folds the event stream into what the task record keeps: result, usage, file changes. */
export function collectEvents() {
  let result: string | null = null;
  let resultIsError = false;
  let sessionId: string | undefined;
  let lastMessage: string | null = null;
  let lastError: string | null = null;
  const usage: TaskUsage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 };
  const fileChanges: { path: string; change: string }[] = [];
  return {
    see(body: TaskEventBody) {
      if (body.kind === 'result') {
        result = body.text;
        resultIsError = body.isError ?? false;
        sessionId = body.sessionId ?? sessionId;
      } else if (body.kind === 'message' && !body.delta) lastMessage = body.text;
      else if (body.kind === 'error') lastError = body.message;
      else if (body.kind === 'file_change') fileChanges.push({ path: body.path, change: body.change });
      else if (body.kind === 'usage') {
        usage.inputTokens += body.inputTokens;
        usage.outputTokens += body.outputTokens;
        usage.cachedTokens += body.cachedTokens ?? 0;
        usage.costUsd += body.costUsd ?? 0;
      }
    },
    summary() {
      return { result: result ?? lastMessage, resultIsError, lastError, usage: { ...usage }, fileChanges: [...fileChanges], sessionId };
    },
  };
}
