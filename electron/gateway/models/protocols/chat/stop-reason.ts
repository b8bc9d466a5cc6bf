import type { StopReason } from '../../canonical.js';

// Some OpenAI-compatible servers answer `stop` even when the turn ended in tool calls;
// agents loop on the stop reason, so tool calls present win.
export function fromFinishReason(reason: string | null | undefined, hasToolCalls: boolean): StopReason {
  if (hasToolCalls && (reason === 'stop' || reason == null)) return 'tool_calls';
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'end';
  }
}

const finishReasons: Record<StopReason, string> = {
  end: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
};

export const toFinishReason = (reason: StopReason): string => finishReasons[reason];
