import { HttpError } from '../../../http/http-error.js';
import { sseFrame } from '../../sse.js';

function errorType(status: number): string {
  if (status >= 500) return 'server_error';
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 429:
      return 'rate_limit_error';
    default:
      return 'invalid_request_error';
  }
}

export function errorBody(status: number, code: string, message: string) {
  return { error: { message, type: errorType(status), code, param: null } };
}

// The openai SDK throws an APIError for any chunk with a truthy `error` key, so the client
// sees the failure instead of a silently truncated answer.
export function streamErrorFrame(code: string, message: string): string {
  return sseFrame(JSON.stringify({ error: { message, type: 'server_error', code, param: null } }));
}

/** The provider answered 2xx with a body that is not a chat completion. */
export const badUpstream = (message: string) => new HttpError(502, 'UPSTREAM_BAD_RESPONSE', message);
