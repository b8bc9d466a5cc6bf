import { Router } from 'express';
import { contract, eventNames, type MethodName } from '../../../../shared/contract/index.js';
import type { EventBus } from '../../events/bus.js';
import type { GatewayEvents } from '../../events/gateway-events.js';
import { subscribeContractEvents } from '../../ui/contract-events.js';
import type { Handlers } from '../../ui/types.js';
import { HttpError } from '../http-error.js';
import { parseOr400 } from '../validate.js';
import { openEventStream } from '../event-stream.js';
import { heartbeatMs } from './event-routes.js';
import { actorOf, type AuditLog } from '../../audit/audit-log.js';

const isMethod = (name: string): name is MethodName => Object.hasOwn(contract, name);

/** The UI contract over HTTP for the browser face: one POST per method, events over SSE. */
export function uiApiRoutes(handlers: Handlers, bus: EventBus<GatewayEvents>, limitBytes: () => number, audit?: AuditLog): Router {
  const router = Router();
  router.post('/api/:method', async (req, res) => {
    const name = req.params.method;
    if (!isMethod(name)) throw new HttpError(404, 'UNKNOWN_METHOD', `No UI method '${name}'`);
    const input = parseOr400(contract[name].input, req.body ?? {}, 'body');
    const handler = handlers[name] as (input: unknown) => unknown;
    // The caller, for the audit log of the methods that change something (ui/audited-handlers.ts).
    const result = audit ? await audit.callers.run(actorOf(res.locals.identity), () => handler(input)) : await handler(input);
    res.json(result ?? null);
  });
  router.get('/api/events', (_req, res) => {
    let off = () => {};
    const stream = openEventStream(res, { limitBytes: limitBytes(), heartbeatMs, heartbeat: () => ': heartbeat\n\n', onClose: () => off() });
    stream.write(`event: ready\ndata: ${JSON.stringify({ events: eventNames })}\n\n`);
    off = subscribeContractEvents(bus, (name, payload) => stream.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`));
  });
  return router;
}
