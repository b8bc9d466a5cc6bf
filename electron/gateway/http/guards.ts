import * as crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './http-error.js';

export interface Identity {
  /** Set when the caller holds a task-scoped token (an agent's model calls). */
  taskId?: string;
  /** Set by the hub's upgrade route for a per-agent token: it opens only that agent's connection. */
  agentId?: string;
  tokenId?: string;
  /** Set for a dashboard session (its cookie opens /api only). */
  session?: boolean;
}

export interface GuardOptions {
  /** Host header values accepted (lowercase, with port): DNS-rebinding defence. */
  allowedHosts: () => Set<string>;
  /** Who the presented token identifies, or undefined when it opens nothing. */
  authenticate: (given: string | undefined, req: IncomingMessage) => Identity | undefined;
  /** Whether the request carries a valid dashboard session cookie (accepted on /api only). */
  sessionValid?: (req: IncomingMessage) => boolean;
}

const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];

export function allowedHostSet(port: number, extra: string[]): Set<string> {
  const names = [...loopbackNames, ...extra.map((host) => host.toLowerCase())];
  return new Set(names.flatMap((name) => (name.includes(':') && !name.startsWith('[') ? [name] : [`${name}:${port}`])));
}

/** Refuses a Host that is not ours: a page on evil.example resolving to 127.0.0.1 sends its own name. */
export function hostRefusal(req: IncomingMessage, options: GuardOptions): HttpError | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!options.allowedHosts().has(host)) return new HttpError(403, 'FORBIDDEN_HOST', `Host '${host}' is not allowed`);
  return undefined;
}

/** Browsers send Origin on cross-origin requests (and on every WebSocket); only our own UI's origin may call us. */
export function originRefusal(req: IncomingMessage, options: GuardOptions): HttpError | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const host = origin.replace(/^https?:\/\//i, '').toLowerCase();
  if (!origin.toLowerCase().startsWith('http://') || !options.allowedHosts().has(host)) {
    return new HttpError(403, 'FORBIDDEN_ORIGIN', `Origin '${origin}' is not allowed`);
  }
  return undefined;
}

export function hostGuard(options: GuardOptions) {
  return (req: Request, _res: Response, next: NextFunction) => next(hostRefusal(req, options));
}

export function originGuard(options: GuardOptions) {
  return (req: Request, _res: Response, next: NextFunction) => next(originRefusal(req, options));
}

/** A form post from a web page cannot carry application/json without a CORS preflight we never grant. */
export function jsonRefusal(req: IncomingMessage): HttpError | undefined {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return undefined;
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type must be application/json, not '${type || 'none'}'`);
  }
  return undefined;
}

export function jsonOnly(req: Request, _res: Response, next: NextFunction) {
  next(jsonRefusal(req));
}

/** Paused from the tray: model calls and new tasks are refused until the user resumes. */
export function pauseRefusal(method: string | undefined, path: string, paused: () => boolean): HttpError | undefined {
  const gated = method === 'POST' && (path.startsWith('/v1/') || path === '/tasks');
  if (gated && paused()) return new HttpError(503, 'GATEWAY_PAUSED', 'The gateway is paused; resume it from the AgentMesh tray menu');
  return undefined;
}

// The one-shot hash (node 20.12+) is about twice as fast as a Hash object for a token.
const digest: (value: string) => Buffer =
  typeof crypto.hash === 'function' ? (value) => crypto.hash('sha256', value, 'buffer') : (value) => crypto.createHash('sha256').update(value).digest();

/** Compares digests so that neither length nor content leaks through timing. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given || !expected) return false;
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

/** `tokenMatches` against one expected token, whose digest is taken once instead of per request. */
export function tokenCheck(expected: string): (given: string | undefined) => boolean {
  const wanted = digest(expected);
  return (given) => Boolean(given && expected) && crypto.timingSafeEqual(digest(given!), wanted);
}

export function bearerOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  const apiKey = req.headers['x-api-key'];
  return Array.isArray(apiKey) ? apiKey[0] : apiKey;
}

export const unauthorized = () => new HttpError(401, 'UNAUTHORIZED', 'Missing or invalid token: send Authorization: Bearer <token>');

/** Who the request's token identifies (management or task-scoped), or undefined. */
export function identify(req: IncomingMessage, options: GuardOptions): Identity | undefined {
  return options.authenticate(bearerOf(req), req);
}

/** The management token only: what opens everything but the model routes' task-scoped access. */
export function managementIdentity(req: IncomingMessage, options: GuardOptions): Identity | undefined {
  const identity = identify(req, options);
  return identity && !identity.taskId ? identity : undefined;
}

export function authGuard(options: GuardOptions) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/') && options.sessionValid?.(req)) {
      res.locals.identity = { session: true };
      return next();
    }
    // A task-scoped token opens the model routes (and /mcp, which checks that its task may
    // orchestrate), never the management API.
    const identity = req.path.startsWith('/v1/') || req.path === '/mcp' ? identify(req, options) : managementIdentity(req, options);
    if (identity) {
      res.locals.identity = identity;
      return next();
    }
    next(unauthorized());
  };
}
