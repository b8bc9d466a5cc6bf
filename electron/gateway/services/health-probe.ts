import { performance } from 'node:perf_hooks';
import type { HealthCheck } from './health-store.js';

/** The address a client of the gateway's host uses for a service bound to every interface. */
export const dialHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);

/**
 * One health check: a WebSocket open and close to the service's endpoint, or a GET of its
 * `health_path` answered 2xx; with the time it took.
 */
export async function probeHealth(target: { host: string; port: number; healthPath?: string }, timeoutMs: number): Promise<HealthCheck> {
  const started = performance.now();
  const timestamp = new Date().toISOString();
  const base = `${dialHost(target.host)}:${target.port}`;
  try {
    if (target.healthPath) await probeHttp(`http://${base}${target.healthPath}`, timeoutMs);
    else await probeWebSocket(`ws://${base}/`, timeoutMs);
    return { status: 'healthy', timestamp, response_time_ms: round(performance.now() - started), error: null };
  } catch (error) {
    return { status: 'unhealthy', timestamp, response_time_ms: round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}

async function probeHttp(url: string, timeoutMs: number): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

async function probeWebSocket(url: string, timeoutMs: number): Promise<void> {
  // Loaded on first use, as everywhere in the gateway: a gateway without services never pays for ws.
  const { WebSocket } = await import('ws');
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no WebSocket handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.once('open', () => {
      clearTimeout(timer);
      ws.close(1000, 'health check');
      resolve();
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const round = (ms: number) => Math.round(ms * 100) / 100;
