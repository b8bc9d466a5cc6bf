import { vi } from 'vitest';
import { invokeChannel, type MethodName } from '../../../shared/contract/index.js';

type Listener = (event: { senderFrame: unknown }, input: unknown) => unknown;

/** Records ipcMain.handle like Electron does, including its refusal of a second handler. */
export function fakeIpcMain(defaultFrame: object | null) {
  const handlers = new Map<string, Listener>();
  const handle = vi.fn((channel: string, listener: Listener) => {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, listener);
  });
  const removeHandler = vi.fn((channel: string) => void handlers.delete(channel));
  const invoke = async (name: MethodName, input: unknown, frame: object | null = defaultFrame) => {
    const listener = handlers.get(invokeChannel(name));
    if (!listener) throw new Error(`no handler for ${name}`);
    return listener({ senderFrame: frame }, input);
  };
  return { handle, removeHandler, handlers, invoke };
}
