import type { NextFunction, Request, Response } from 'express';
import { actorOf, type AuditLog } from './audit-log.js';

const reads = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Which face a path belongs to, as the audit log names it. */
export function faceOf(path: string): string {
  if (path === '/mcp' || path.startsWith('/mcp/')) return 'mcp';
  if (/^\/api\/v1\/(services|connections|routing|stats|health|logs)(\/|$)/.test(path)) return 'services';
  if (path.startsWith('/api/v1/')) return 'orchestration';
  if (path.startsWith('/gateway/')) return 'hub';
  return 'rest';
}

/**
 * Audits every state-changing HTTP call once it is answered. The UI contract (/api/<method>)
 * and JSON-RPC (/rpc) audit per method instead, and model calls (/v1) are the usage ledger's.
 */
export function auditHttp(audit: AuditLog) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (reads.has(req.method) || req.path.startsWith('/v1/') || (req.path.startsWith('/api/') && !req.path.startsWith('/api/v1/')) || req.path === '/rpc') return next();
    // Read now: a router mounted at a path (/api/v1) strips it from req.path before 'finish'.
    const path = req.path;
    res.once('finish', () => {
      audit.record({ actor: actorOf(res.locals.identity), face: faceOf(path), action: `${req.method} ${path}`, outcome: res.statusCode < 400 ? 'ok' : `HTTP ${res.statusCode}` });
    });
    next();
  };
}
