import { HttpError } from '../http/http-error.js';

/** JSON-RPC 2.0 and the spec's aiswitch error codes (specs/003). */
export const rpcCodes = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  agentNotFound: -40001,
  agentExists: -40002,
  agentInitFailed: -40003,
  agentNotResponding: -40004,
  agentBusy: -40005,
  taskNotFound: -40101,
  taskExists: -40102,
  taskTimeout: -40103,
  taskCancelled: -40104,
  dependenciesNotMet: -40105,
  presetNotFound: -40201,
  envSwitchFailed: -40202,
  snapshotNotFound: -40203,
  rollbackFailed: -40204,
  envValidationFailed: -40205,
  lockFailed: -40301,
  lockNotFound: -40302,
  lockTimeout: -40303,
  coordinationConflict: -40304,
  resourceContention: -40305,
  insufficientResources: -40401,
  permissionDenied: -40402,
  configurationError: -40403,
  storageError: -40404,
  networkError: -40405,
} as const;

/** An error answer: the code, a message, and data a caller can read (the zod issues, a task's result). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** The services' typed errors (HttpError codes) in the spec's codes: one table for the whole face. */
const byHttpCode: Record<string, number> = {
  AGENT_NOT_FOUND: rpcCodes.agentNotFound,
  AGENT_EXISTS: rpcCodes.agentExists,
  AGENT_DISABLED: rpcCodes.agentNotResponding,
  NO_AGENT_AVAILABLE: rpcCodes.agentNotResponding,
  GATEWAY_PAUSED: rpcCodes.agentNotResponding,
  REMOTE_AGENT: rpcCodes.permissionDenied,
  MODEL_AGENT: rpcCodes.coordinationConflict,
  AGENT_IN_CONFIG: rpcCodes.coordinationConflict,
  TASK_NOT_FOUND: rpcCodes.taskNotFound,
  TASK_EXISTS: rpcCodes.taskExists,
  TASK_FINISHED: rpcCodes.coordinationConflict,
  UNKNOWN_DEPENDENCY: rpcCodes.dependenciesNotMet,
  CWD_NOT_ALLOWED: rpcCodes.permissionDenied,
  CWD_NOT_FOUND: rpcCodes.invalidParams,
  SPACE_NOT_FOUND: rpcCodes.invalidParams,
  PRESET_NOT_FOUND: rpcCodes.presetNotFound,
  ENV_SWITCH_FAILED: rpcCodes.envSwitchFailed,
  SNAPSHOT_NOT_FOUND: rpcCodes.snapshotNotFound,
  SNAPSHOT_EXISTS: rpcCodes.invalidParams,
  ROLLBACK_FAILED: rpcCodes.rollbackFailed,
  ENV_INVALID: rpcCodes.envValidationFailed,
  LOCK_BUSY: rpcCodes.lockFailed,
  LOCK_ABANDONED: rpcCodes.lockFailed,
  LOCK_NOT_FOUND: rpcCodes.lockNotFound,
  LOCK_TIMEOUT: rpcCodes.lockTimeout,
  LOCK_CONFLICT: rpcCodes.coordinationConflict,
  LOCK_CONTENTION: rpcCodes.resourceContention,
  STOPPING: rpcCodes.insufficientResources,
  INVALID_CONFIG: rpcCodes.configurationError,
  CONFIG_FILE_BROKEN: rpcCodes.configurationError,
  budget_exceeded: rpcCodes.insufficientResources,
};

/** Whatever a method threw, as the error the caller gets (an unexpected one says only "Internal error"). */
export function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof HttpError) {
    const code = byHttpCode[error.code] ?? (error.status >= 500 ? rpcCodes.internalError : rpcCodes.invalidParams);
    return new RpcError(code, error.message, { reason: error.code });
  }
  return new RpcError(rpcCodes.internalError, 'Internal error');
}
