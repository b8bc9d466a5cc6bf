import { sseFrame } from '../../sse.js';
import { newId, nowSeconds } from './ids.js';

// Codex decides what to do with a failed response by `error.code`: context_length_exceeded
// and insufficient_quota are fatal, server_is_overloaded backs off, anything else is retried
// (codex-rs/codex-api/src/sse/responses.rs). Gateway codes are mapped onto those words.
const CODE_ALIASES: Record<string, string> = {
  context_length_exceeded: 'context_length_exceeded',
  context_window_exceeded: 'context_length_exceeded',
  rate_limited: 'rate_limit_exceeded',
  rate_limit: 'rate_limit_exceeded',
  rate_limit_exceeded: 'rate_limit_exceeded',
  overloaded: 'server_is_overloaded',
  upstream_overloaded: 'server_is_overloaded',
  overloaded_error: 'server_is_overloaded',
  insufficient_quota: 'insufficient_quota',
  quota_exceeded: 'insufficient_quota',
};

export function openAiErrorCode(code: string): string {
  const lower = code.toLowerCase();
  return CODE_ALIASES[lower] ?? lower;
}

function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** OpenAI's error shape, which the official SDKs turn into typed APIError subclasses. */
export function errorBody(status: number, code: string, message: string) {
  return { error: { message, type: errorType(status), code: openAiErrorCode(code), param: null } };
}

const frame = (payload: Record<string, unknown>) => sseFrame(JSON.stringify(payload), String(payload.type));

/**
 * A failure as OpenAI streams it: an `error` event (the SDK throws APIError on it) and then
 * `response.failed` (what Codex reads; it ignores bare `error` events).
 */
export function failureFrames(
  response: Record<string, unknown>,
  nextSequence: () => number,
  code: string,
  message: string,
): string {
  const wireCode = openAiErrorCode(code);
  const error = frame({
    type: 'error',
    sequence_number: nextSequence(),
    error: { type: 'server_error', code: wireCode, message, param: null },
  });
  const failed = frame({
    type: 'response.failed',
    sequence_number: nextSequence(),
    response: { ...response, status: 'failed', error: { code: wireCode, message } },
  });
  return error + failed;
}

/** For a failure outside encodeStream: no stream state is known, so a fresh response id is used. */
export function streamErrorFrame(code: string, message: string): string {
  let sequence = 0;
  const response = { id: newId('resp'), object: 'response', created_at: nowSeconds(), model: '', output: [], usage: null };
  return failureFrames(response, () => sequence++, code, message);
}
