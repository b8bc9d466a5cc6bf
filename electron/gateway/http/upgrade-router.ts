import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log/logger.js';
import { hostRefusal, managementIdentity, originRefusal, unauthorized, type GuardOptions, type Identity } from './guards.js';
import { HttpError } from './http-error.js';
import { startingRetryAfterSeconds, type Readiness } from './readiness.js';

/** An upgrade that passed the guards, handed to its route. */
export interface Upgrade {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  url: URL;
  identity: Identity;
}

export interface UpgradeRoute {
  path: string;
  /** Narrows a path several routes share by its query (e.g. `/ws?service=…`); the first route that matches wins. */
  matches?(url: URL): boolean;
  /** Who may open this socket, or undefined for 401. Default: the management token only. */
  authenticate?(req: IncomingMessage, url: URL, guards: GuardOptions): Identity | undefined;
  /** Takes the socket over; from here on it is the route's to answer and close. */
  accept(upgrade: Upgrade): void;
}

export interface UpgradeRouterOptions {
  guards: GuardOptions;
  readiness: Readiness;
  logger: Logger;
}

/**
 * Owns `server.on('upgrade')`: every upgrade gets an answer and no socket is left open. The
 * checks run in one order for every path: Host and Origin (403) before anything about our
 * routes is revealed, then the path (404), readiness (503), and the route's own auth (401).
 */
export class UpgradeRouter {
  private readonly routes: UpgradeRoute[] = [];

  constructor(private readonly options: UpgradeRouterOptions) {}

  add(route: UpgradeRoute): this {
    this.routes.push(route);
    return this;
  }

  /** Starts answering the server's upgrades; returns a detach. */
  attach(server: Server): () => void {
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => this.handle(req, socket, head);
    server.on('upgrade', listener);
    return () => server.off('upgrade', listener);
  }

  private handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node stops watching a socket for errors once it emits 'upgrade'; one nobody hears would crash the process.
    socket.on('error', (error) => this.options.logger.debug('upgrade socket error', { error: error.message }));
    try {
      const { guards, readiness } = this.options;
      const forbidden = hostRefusal(req, guards) ?? originRefusal(req, guards);
      if (forbidden) return refuseUpgrade(socket, forbidden);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = this.routes.find((candidate) => candidate.path === url.pathname && (candidate.matches?.(url) ?? true));
      if (!route) return refuseUpgrade(socket, new HttpError(404, 'NOT_FOUND', `No WebSocket endpoint at ${url.pathname}`));
      const starting = readiness.refusal();
      if (starting) return refuseUpgrade(socket, starting, { 'Retry-After': String(startingRetryAfterSeconds) });
      const identity = route.authenticate ? route.authenticate(req, url, guards) : managementIdentity(req, guards);
      if (!identity) return refuseUpgrade(socket, unauthorized());
      route.accept({ req, socket, head, url, identity });
    } catch (error) {
      this.options.logger.error('upgrade failed', { path: req.url, error: String(error) });
      refuseUpgrade(socket, new HttpError(500, 'INTERNAL_ERROR', 'Internal error'));
    }
  }
}

/** Answers an upgrade with an HTTP error in the agentmesh shape, then destroys the socket. */
export function refuseUpgrade(socket: Duplex, error: HttpError, headers: Record<string, string> = {}): void {
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const head = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}
