/** 408, 409, 429 and 5xx are worth another try (elsewhere, or later); other 4xx are not. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 429 || status >= 500;

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What an upstream said about waiting: the wait in ms and the headers to hand on to our client. */
export interface RetryAdvice {
  ms?: number;
  /** `retry-after` and `retry-after-ms` exactly as the upstream sent them. */
  headers?: Record<string, string>;
}

/** OpenAI sends `retry-after-ms` beside `Retry-After`; the finer one wins. */
export function retryAdviceOf(headers: Record<string, string | string[] | undefined>, now = Date.now()): RetryAdvice {
  const advice: RetryAdvice = {};
  for (const name of ['retry-after', 'retry-after-ms'] as const) {
    const value = headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (text) (advice.headers ??= {})[name] = text;
  }
  const ms = Number(advice.headers?.['retry-after-ms']);
  advice.ms = advice.headers?.['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0 ? ms : parseRetryAfter(advice.headers?.['retry-after'], now);
  return advice;
}

/** Exponential backoff with full jitter, so clients retrying together spread out. */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  return Math.round(random() * baseMs * 2 ** attempt);
}
