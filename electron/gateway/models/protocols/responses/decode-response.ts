import type { CanonicalResponse, ContentPart, StopReason } from '../../canonical.js';
import { emptyUsage } from '../../canonical.js';
import { HttpError } from '../../../http/http-error.js';
import { fromEncryptedContent } from './reasoning-carrier.js';
import { flatToolName } from './tool-names.js';
import { usageOf } from './usage.js';
import { isRecord, list, messageText, rec, reasoningText, str } from './wire.js';

function outputPart(raw: unknown): ContentPart | undefined {
  const item = rec(raw);
  switch (item.type) {
    case 'message': {
      const text = messageText(item);
      return text ? { type: 'text', text } : undefined;
    }
    case 'reasoning':
      return { type: 'reasoning', text: reasoningText(item), ...fromEncryptedContent(str(item.encrypted_content)) };
    case 'function_call':
      return {
        type: 'tool_call',
        id: str(item.call_id) ?? str(item.id) ?? '',
        name: flatToolName(str(item.namespace), str(item.name) ?? ''),
        arguments: str(item.arguments) ?? '',
      };
    default:
      return undefined;
  }
}

export function stopReasonOf(status: unknown, incompleteReason: unknown, hasToolCalls: boolean): StopReason {
  if (status === 'incomplete') return incompleteReason === 'content_filter' ? 'content_filter' : 'max_tokens';
  return hasToolCalls ? 'tool_calls' : 'end';
}

/** Upstream Responses body (non-streaming) -> canonical response. */
export function decodeResponse(body: unknown): CanonicalResponse {
  if (!isRecord(body)) throw new HttpError(502, 'UPSTREAM_BAD_RESPONSE', 'Upstream Responses body is not a JSON object');
  if (body.status === 'failed') {
    const error = rec(body.error);
    throw new HttpError(502, str(error.code) ?? 'UPSTREAM_FAILED', str(error.message) ?? 'Upstream response failed');
  }
  const content = list(body.output).flatMap((item) => outputPart(item) ?? []);
  const hasToolCalls = content.some((p) => p.type === 'tool_call');
  return {
    id: str(body.id) ?? '',
    model: str(body.model) ?? '',
    content,
    stopReason: stopReasonOf(body.status, rec(body.incomplete_details).reason, hasToolCalls),
    usage: usageOf(body) ?? emptyUsage(),
  };
}
