import type { MethodName } from '../../../shared/contract/index.js';
import type { AuditLog } from '../audit/audit-log.js';
import { HttpError } from '../http/http-error.js';
import type { Handlers } from './types.js';

// Methods that only read (or test): everything else changes something and is audited.
const readOnly = /\.(list|get|events|status|active|totals|series|conversations|messages|test|presets|snapshots|metrics|locks|search|settings)$/;

/**
 * Writes every state-changing UI contract call to the audit log, whichever face carried it:
 * the HTTP face names its caller (token or dashboard session), an IPC call is the desktop app.
 */
export function auditedHandlers(handlers: Handlers, audit: AuditLog): Handlers {
  const wrapped: Record<string, (input: unknown) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [MethodName, (input: unknown) => unknown][]) {
    if (readOnly.test(name)) {
      wrapped[name] = handler;
      continue;
    }
    // Synchronous where the handler is: a desktop-only method still throws at once.
    wrapped[name] = (input: unknown) => {
      const actor = audit.callers.getStore() ?? { kind: 'desktop' as const, name: 'desktop app' };
      const id = input && typeof input === 'object' ? ((input as Record<string, unknown>).id ?? (input as Record<string, unknown>).agentId) : undefined;
      const done = (outcome: string) => audit.record({ actor, face: 'ui', action: name, target: typeof id === 'string' ? id : null, outcome });
      const failed = (error: unknown) => {
        done(error instanceof HttpError ? error.code : 'INTERNAL_ERROR');
        return error;
      };
      let result: unknown;
      try {
        result = handler(input);
      } catch (error) {
        throw failed(error);
      }
      if (!(result instanceof Promise)) {
        done('ok');
        return result;
      }
      return result.then(
        (value) => {
          done('ok');
          return value;
        },
        (error: unknown) => {
          throw failed(error);
        },
      );
    };
  }
  return wrapped as Handlers;
}
