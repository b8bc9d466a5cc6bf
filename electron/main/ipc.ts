import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { contract, eventChannel, invokeChannel, methodNames, type MethodName } from '../../shared/contract/index.js';
import { formatIssues } from '../../shared/schemas/config.js';
import type { EventBus } from '../gateway/events/bus.js';
import type { GatewayEvents } from '../gateway/events/gateway-events.js';
import { toHttpError } from '../gateway/http/error-mapper.js';
import { HttpError } from '../gateway/http/http-error.js';
import type { Logger } from '../gateway/log/logger.js';
import { subscribeContractEvents } from '../gateway/ui/contract-events.js';
import type { Handlers } from '../gateway/ui/types.js';

export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'senderFrame'>) => boolean;

/**
 * ipcRenderer.invoke keeps only an error's message, so the code and status travel in it as
 * JSON; the renderer's IPC transport reads them back (`fromIpcError`).
 */
export function toIpcError(error: HttpError): Error {
  return new Error(JSON.stringify({ code: error.code, message: error.message, status: error.status }));
}

/**
 * Binds every contract method to ipcMain.handle on its own channel, in one loop over the
 * contract. Each call: the sender frame must be one of our windows' own page, the input must
 * pass the method's schema, then the handler runs. Returns an unbind for shutdown.
 */
export function bindContract(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: Handlers, isTrustedSender: SenderCheck, logger?: Logger): () => void {
  for (const name of methodNames) {
    const schema = contract[name].input;
    const handler = handlers[name] as (input: unknown) => unknown;
    ipcMain.handle(invokeChannel(name), async (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        logger?.warn('refused an IPC call from a frame that is not the app', { method: name, url: event.senderFrame?.url ?? null });
        throw toIpcError(new HttpError(403, 'UNTRUSTED_SENDER', `${name} was called from a page that is not AgentMesh's own`));
      }
      const parsed = schema.safeParse(input ?? {});
      if (!parsed.success) throw toIpcError(new HttpError(400, 'INVALID_INPUT', formatIssues(parsed.error)));
      try {
        return await handler(parsed.data);
      } catch (error) {
        const mapped = toHttpError(error);
        if (mapped.status >= 500) logger?.error('UI method failed', { method: name, error: String(mapped.cause ?? mapped.message) });
        throw toIpcError(mapped);
      }
    });
  }
  return () => methodNames.forEach((name: MethodName) => ipcMain.removeHandler(invokeChannel(name)));
}

const sameFrame = (a: WebFrameMain, b: WebFrameMain) => a === b || (a.processId === b.processId && a.routingId === b.routingId);

/**
 * Trusts a call only from the main frame of one of our windows while it shows our own page:
 * not from a subframe, not from a window we did not make, not after a navigation elsewhere.
 */
export function trustedSender(windows: () => { webContents: WebContents; isDestroyed(): boolean }[], isAppPage: (url: string) => boolean): SenderCheck {
  return ({ senderFrame }) => {
    if (!senderFrame) return false;
    const ours = windows().some((window) => !window.isDestroyed() && sameFrame(window.webContents.mainFrame, senderFrame));
    return ours && isAppPage(senderFrame.url);
  };
}

/** Pushes the contract's events to every live window showing our page; returns an unsubscribe. */
export function forwardContractEvents(bus: EventBus<GatewayEvents>, targets: () => WebContents[], isAppPage: (url: string) => boolean): () => void {
  return subscribeContractEvents(bus, (name, payload) => {
    for (const contents of targets()) {
      if (!contents.isDestroyed() && isAppPage(contents.getURL())) contents.send(eventChannel(name), payload);
    }
  });
}
