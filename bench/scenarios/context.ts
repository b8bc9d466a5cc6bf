import type { Endpoint } from '../client.js';
import type { GatewayProcess } from '../gateway-process.js';
import type { UpstreamProcess } from '../upstream-process.js';

/** What every scenario gets: the two processes, both ways to reach the model, a sink for raw figures. */
export interface BenchContext {
  upstream: UpstreamProcess;
  gateway: GatewayProcess;
  /** Straight to the scripted upstream. */
  direct: Endpoint;
  /** Through the gateway, with its bearer token. */
  via: Endpoint;
  /** Full summaries for the JSON file, keyed by scenario. */
  raw: Record<string, unknown>;
}

export function endpoints(upstreamUrl: string, gatewayUrl: string, token: string): { direct: Endpoint; via: Endpoint } {
  const json = { 'content-type': 'application/json' };
  return {
    direct: { name: 'direct', origin: upstreamUrl, headers: json },
    via: { name: 'gateway', origin: gatewayUrl, headers: { ...json, authorization: `Bearer ${token}` } },
  };
}

/** A sentence of `words` words, for replies of a known size. */
export const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');
