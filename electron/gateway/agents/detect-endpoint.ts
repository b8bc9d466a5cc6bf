import type { Detection } from './detect.js';

const causeOf = (error: unknown) => {
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
};

/**
 * An http agent is found when its endpoint answers at all: any HTTP status (a 404 or 405 to
 * a GET included) shows a server listening there; a refused or timed-out connection does not.
 */
export async function detectEndpoint(endpoint: string, headers: Record<string, string>, timeoutMs: number): Promise<Detection> {
  const detectedAt = new Date().toISOString();
  try {
    const response = await fetch(endpoint, { method: 'GET', headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { found: true, path: endpoint, version: response.headers.get('server'), error: null, detectedAt };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const reason = timedOut ? `no answer within ${timeoutMs} ms` : causeOf(error);
    return { found: false, path: endpoint, version: null, error: `${endpoint} cannot be reached (${reason})`, detectedAt, ...(timedOut ? { timedOut } : {}) };
  }
}
