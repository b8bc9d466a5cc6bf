import {
  eventChannel,
  eventKey,
  eventNames,
  invokeChannel,
  methodKey,
  methodNames,
} from '../../shared/contract/index.js';
import type { MeshApi, Unsubscribe } from '../../shared/contract/mesh-api.js';

export type { MeshApi, Unsubscribe } from '../../shared/contract/mesh-api.js';

/**
 * The part of ipcRenderer the api uses, declared here rather than imported from electron so
 * that the renderer can import `MeshApi` without pulling Electron's (Node) types along.
 */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Builds `window.mesh` from the contract. Each function reaches exactly one channel, so a
 * compromised page can call only what the contract lists; listeners get the payload alone,
 * never the IpcRendererEvent (whose `sender` is ipcRenderer itself).
 */
export function buildMeshApi(ipc: IpcRendererLike): MeshApi {
  const api: Record<string, unknown> = {};
  for (const name of methodNames) {
    const channel = invokeChannel(name);
    api[methodKey(name)] = (input: unknown) => ipc.invoke(channel, input);
  }
  for (const name of eventNames) {
    const channel = eventChannel(name);
    api[eventKey(name)] = (listener: (payload: unknown) => void): Unsubscribe => {
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      return () => void ipc.removeListener(channel, forward);
    };
  }
  return Object.freeze(api) as MeshApi;
}
