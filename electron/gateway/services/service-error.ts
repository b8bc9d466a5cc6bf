import { HttpError } from '../http/http-error.js';

/** specs/004's error codes; each HTTP status is chosen here once. */
export const serviceErrorStatus = {
  INVALID_REQUEST: 400,
  SERVICE_NOT_FOUND: 404,
  SERVICE_ALREADY_EXISTS: 409,
  SERVICE_START_FAILED: 500,
  PORT_IN_USE: 409,
  INSUFFICIENT_RESOURCES: 503,
  ROUTING_FAILED: 503,
  CONNECTION_NOT_FOUND: 404,
  HEALTH_CHECK_FAILED: 503,
  RULE_NOT_FOUND: 404,
} as const;
export type ServiceErrorCode = keyof typeof serviceErrorStatus;

/** An HttpError with the spec's `details` object. */
export class ServiceError extends HttpError {
  constructor(
    code: ServiceErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(serviceErrorStatus[code], code, message);
    this.name = 'ServiceError';
  }
}

export const serviceNotFound = (id: string) => new ServiceError('SERVICE_NOT_FOUND', `Service with ID '${id}' not found`, { service_id: id });
