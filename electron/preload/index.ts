import { contextBridge, ipcRenderer } from 'electron';
import { eventChannel, invokeChannel, type ContractEvents, type EventName, type MethodInput, type MethodName, type MethodOutput } from '../../shared/contract.js';

// One named function per contract method and one on<Event> per event; nothing generic, so
// a compromised page can reach only what the contract lists.
const call =
  <M extends MethodName>(name: M) =>
  (input: MethodInput<M>): Promise<MethodOutput<M>> =>
    ipcRenderer.invoke(invokeChannel(name), input) as Promise<MethodOutput<M>>;

const subscribe =
  <E extends EventName>(name: E) =>
  (listener: (payload: ContractEvents[E]) => void): (() => void) => {
    const wrapped = (_event: unknown, payload: ContractEvents[E]) => listener(payload);
    ipcRenderer.on(eventChannel(name), wrapped);
    return () => ipcRenderer.off(eventChannel(name), wrapped);
  };

const mesh = {
  gatewayStatus: call('gateway.status'),
  onGatewayStatus: subscribe('gateway.status'),
};

export type MeshApi = typeof mesh;

contextBridge.exposeInMainWorld('mesh', mesh);
