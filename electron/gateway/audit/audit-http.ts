import type { NextFunction, Request, Response } from 'express';
import { actorOf, type AuditLog } from './audit-log.js';

const reads = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Which face a path belongs to, as the audit log names it. */
export function faceOf(path: string): string {
  if (path === '/mcp' || path.startsWith('/mcp/')) return 'mcp';
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
    if (reads.has(req.method) || req.path.startsWith('/v1/') || req.path.startsWith('/api/') || req.path === '/rpc') return next();
    res.once('finish', () => {
      audit.record({ actor: actorOf(res.locals.identity), face: faceOf(req.path), action: `${req.method} ${req.path}`, outcome: res.statusCode < 400 ? 'ok' : `HTTP ${res.statusCode}` });
    });
    next();
  };
}
