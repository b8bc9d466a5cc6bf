import type { StopReason } from '../../canonical.js';

export function fromAnthropicStopReason(reason: string | null | undefined): StopReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'max_tokens';
    case 'tool_use':
      return 'tool_calls';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, and pause_turn (a server tool paused the turn; its tools are never sent by us).
      return 'end';
  }
}

const stopReasons: Record<StopReason, string> = {
  end: 'end_turn',
  max_tokens: 'max_tokens',
  tool_calls: 'tool_use',
  stop_sequence: 'stop_sequence',
  content_filter: 'refusal',
};

// Some OpenAI-compatible providers report `stop` after tool calls; Claude Code keeps
// going only while the turn says tool_use, so tool calls present win.
export function toAnthropicStopReason(reason: StopReason, hasToolCalls: boolean): string {
  if (hasToolCalls && reason === 'end') return 'tool_use';
  return stopReasons[reason];
}
