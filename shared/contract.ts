import { z } from 'zod';

/**
 * THE UI contract: every method the renderer may call, with its input schema and output
 * type, and every event it may receive. Electron main binds these to ipcMain.handle in one
 * loop, the preload exposes one function each, and the gateway serves the same table over
 * HTTP for the browser face.
 */
export interface GatewayStatus {
  url: string;
  running: boolean;
  providers: { id: string; available: boolean; reason?: string }[];
}

const method = <I extends z.ZodType, O>(input: I) => ({ input, output: undefined as unknown as O });

export const contract = {
  'gateway.status': method<z.ZodObject<Record<string, never>>, GatewayStatus>(z.strictObject({})),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.infer<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Contract[M]['output'];

export interface ContractEvents {
  'gateway.status': GatewayStatus;
}
export type EventName = keyof ContractEvents;

/** Channel names on the IPC bus, derived so that main and preload cannot disagree. */
export const invokeChannel = (name: MethodName) => `mesh:invoke:${name}`;
export const eventChannel = (name: EventName) => `mesh:event:${name}`;

/** `gateway.status` -> `gatewayStatus`: the preload's function name for a method. */
export const methodKey = (name: string) => name.replace(/\.(\w)/g, (_, letter: string) => letter.toUpperCase());
