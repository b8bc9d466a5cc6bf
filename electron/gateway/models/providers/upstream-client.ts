import type { ProviderConfig } from '../../../../shared/schemas/config.js';
import { isRetryableStatus, retryAdviceOf, type RetryAdvice } from '../resilience/retry.js';
import { HttpTimeoutError, sendRequest, type Cancellation, type HttpResponse, type ResponseBody } from './http-client.js';

/** A failed upstream attempt. `retryable` decides between falling back and giving up. */
export class UpstreamError extends Error {
  readonly retryAfterMs?: number;
  /** The upstream's own Retry-After headers, forwarded when the gateway gives up after this error. */
  readonly retryHeaders?: Record<string, string>;
  /** The client-facing error code when giving up on this error means more than "upstream_rejected". */
  readonly code?: string;

  constructor(
    message: string,
    readonly status: number,
    readonly retryable: boolean,
    extra: RetryAdvice & { code?: string } = {},
  ) {
    super(message);
    this.name = 'UpstreamError';
    if (extra.ms !== undefined) this.retryAfterMs = extra.ms;
    if (extra.headers) this.retryHeaders = extra.headers;
    if (extra.code) this.code = extra.code;
  }
}

export interface UpstreamCall {
  provider: ProviderConfig;
  path: string;
  payload: string | Buffer;
  headers: Record<string, string>;
  signal: Cancellation;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

/** `https://api.anthropic.com` + `/v1/messages`, without doubling a `/v1` the user already wrote. */
export function upstreamUrl(baseUrl: string, path: string): string {
  let base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  if (path.startsWith('/v1/') && base.endsWith('/v1')) base = base.slice(0, -3);
  return base + path;
}

export function providerHeaders(provider: ProviderConfig, client: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'agentmesh-gateway' };
  if (provider.type === 'anthropic') {
    if (provider.apiKey) headers['x-api-key'] = provider.apiKey;
    headers['anthropic-version'] = headerValue(client['anthropic-version']) ?? '2023-06-01';
    const beta = headerValue(client['anthropic-beta']);
    if (beta) headers['anthropic-beta'] = beta;
  } else if (provider.apiKey) {
    headers.authorization = `Bearer ${provider.apiKey}`;
  }
  return { ...headers, ...provider.headers };
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Sends one call; resolves with a 2xx response whose body the caller consumes, else throws. */
export async function callUpstream(call: UpstreamCall): Promise<HttpResponse> {
  let response: HttpResponse;
  try {
    response = await sendRequest(upstreamUrl(call.provider.baseUrl, call.path), {
      method: 'POST',
      headers: call.headers,
      body: call.payload,
      signal: call.signal,
      headersTimeoutMs: call.headersTimeoutMs,
      bodyTimeoutMs: call.bodyTimeoutMs,
      // A stalled body reaches the reader as the same retryable 504 as stalled headers.
      timeoutError: () => timedOut(call.provider.id),
    });
  } catch (error) {
    throw asUpstreamError(error, call.provider.id);
  }
  if (response.statusCode < 400) return response;
  const text = await readBounded(response.body, 4096);
  throw new UpstreamError(
    `${call.provider.id} answered ${response.statusCode}: ${errorMessageOf(text)}`,
    response.statusCode,
    isRetryableStatus(response.statusCode),
    retryAdviceOf(response.headers),
  );
}

export function asUpstreamError(error: unknown, providerId: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof HttpTimeoutError) return timedOut(providerId);
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError(`${providerId} unreachable: ${message}`, 502, true);
}

const timedOut = (providerId: string) => new UpstreamError(`${providerId} timed out`, 504, true);

async function readBounded(body: ResponseBody, limit: number): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body) {
      text += chunk.toString();
      if (text.length > limit) break;
    }
  } catch {
    // The error body is best effort; the status already says what happened.
  }
  body.destroy();
  return text.slice(0, limit);
}

/** Pulls the human message out of an OpenAI or Anthropic error body, else the raw text. */
function errorMessageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    if (typeof parsed.error === 'object' && parsed.error?.message) return parsed.error.message;
    if (typeof parsed.error === 'string') return parsed.error;
    if (parsed.message) return parsed.message;
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 300) || 'no body';
}
