import { sseFrame } from '../../sse.js';

// Anthropic's error types by status; the SDKs pick their error class from the status and
// Claude Code decides on retries from it (429 and 529 are retried).
const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function errorType(status: number): string {
  return errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

const knownTypes = new Set([...Object.values(errorTypes), 'api_error']);

export function errorBody(status: number, _code: string, message: string) {
  return { type: 'error', error: { type: errorType(status), message } };
}

// The SDK throws an APIError on an `error` event, with the type it names. An Anthropic
// upstream's own type (overloaded_error…) is kept; any other code becomes api_error.
export function streamErrorFrame(code: string, message: string): string {
  const type = knownTypes.has(code) ? code : 'api_error';
  return sseFrame(JSON.stringify({ type: 'error', error: { type, message } }), 'error');
}
