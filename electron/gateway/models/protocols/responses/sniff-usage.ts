import type { Usage } from '../../canonical.js';
import type { SseEvent } from '../../sse.js';
import { fromWireUsage } from './usage.js';
import { rec } from './wire.js';

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Usage from one pass-through upstream event; only terminal events carry it. */
export function sniffUsage(event: SseEvent): Usage | undefined {
  // Hot path: every delta of a pass-through stream comes here; most are not worth parsing.
  if (!event.data.includes('"usage"')) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    return undefined;
  }
  const json = rec(data);
  const type = typeof json.type === 'string' ? json.type : event.event;
  if (!type || !TERMINAL.has(type)) return undefined;
  return fromWireUsage(rec(json.response).usage);
}
