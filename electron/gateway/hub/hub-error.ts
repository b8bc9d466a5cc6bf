import { hubErrorStatus, type HubErrorCode } from '../../../shared/schemas/hub.js';
import { HttpError } from '../http/http-error.js';

/**
 * An error with one of the spec's codes. Over HTTP the error mapper answers it as
 * `{error: {code, message}}` with its status; on a socket it becomes an `error` frame.
 */
export class HubError extends HttpError {
  constructor(
    readonly hubCode: HubErrorCode,
    message: string,
    readonly messageId?: string,
  ) {
    super(hubErrorStatus[hubCode], hubCode, message);
    this.name = 'HubError';
  }
}
