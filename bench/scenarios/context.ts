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
  /** Through bench/floor-proxy.mjs in the gateway's place: what Node alone adds. */
  floor?: Endpoint;
  /** Full summaries for the JSON file, keyed by scenario. */
  raw: Record<string, unknown>;
}

export function endpoints(upstreamUrl: string, gateway: { url: string; pid: number }, token: string): { direct: Endpoint; via: Endpoint } {
  const json = { 'content-type': 'application/json' };
  return {
    direct: { name: 'direct', origin: upstreamUrl, headers: json },
    via: { name: 'gateway', origin: gateway.url, headers: { ...json, authorization: `Bearer ${token}` }, pid: gateway.pid },
  };
}

export const floorEndpoint = (floor: { url: string; pid: number }): Endpoint => ({ name: 'floor', origin: floor.url, headers: { 'content-type': 'application/json' }, pid: floor.pid });

/** A sentence of `words` words, for replies of a known size. */
export const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');

/** The endpoints a scenario compares: direct, the floor when it runs, the gateway. */
export const sidesOf = (ctx: BenchContext): Endpoint[] => [ctx.direct, ...(ctx.floor ? [ctx.floor] : []), ctx.via];

/** The direct, floor (when run) and gateway figures, in that order, from per-side values. */
export function bySide<T>(sides: Endpoint[], values: T[]): [T, T | undefined, T] {
  const of = (name: Endpoint['name']) => values[sides.findIndex((side) => side.name === name)];
  return [of('direct')!, of('floor'), of('gateway')!];
}
