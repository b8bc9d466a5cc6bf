import type { MethodName, MethodOutput, MethodParsedInput } from '../../../shared/contract/index.js';
import type { GatewayServices } from '../server.js';

export type Handler<M extends MethodName> = (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;
export type Handlers = { [M in MethodName]: Handler<M> };
export type HandlerGroup<K extends MethodName> = { [M in K]: Handler<M> };

/** What the UI handlers need beyond the services: the gateway's own address and token. */
export interface UiContext {
  services: GatewayServices;
  url(): string;
  token(): string;
  /** Replaces the token (only when it is the generated one); returns the new token. */
  rotateToken(): string;
  dataDir: string;
  configPath: string | null;
  /** True inside the desktop app, where desktop-only methods are bound by electron/main. */
  desktop: boolean;
  paused(): boolean;
}
